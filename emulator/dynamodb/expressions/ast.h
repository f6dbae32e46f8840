// Parsed DynamoDB expressions. Names (#n) and values (:v) stay as references
// and are resolved against the request's ExpressionAttributeNames/Values at
// evaluation, so one parsed expression serves every request with that text.
#pragma once

#include <array>

#include <memory>
#include <string>
#include <vector>

#include "emulator/dynamodb/attribute_name.h"

namespace streamlab::dynamodb::expressions {

struct PathElement {
  AttributeName name;  // an attribute name, or a "#name" reference; empty for an index
  int index = -1;      // list index ([2]); -1 for a name
  bool is_index() const { return index >= 0; }
};

struct Path {
  std::vector<PathElement> elements;  // the first is always a name
};

struct Operand {
  enum class Kind { kPath, kValue, kSize, kIfNotExists, kListAppend, kPlus, kMinus };
  Kind kind = Kind::kPath;
  Path path;                  // kPath, and the argument of kSize / first of kIfNotExists
  std::string value_ref;      // kValue: ":v"
  std::vector<Operand> args;  // kIfNotExists (path operand, fallback), kListAppend, kPlus, kMinus
};

enum class Comparator { kEq, kNe, kLt, kLe, kGt, kGe };

struct Condition {
  enum class Kind {
    kCompare,
    kBetween,
    kIn,
    kAnd,
    kOr,
    kNot,
    kAttributeExists,
    kAttributeNotExists,
    kAttributeType,
    kBeginsWith,
    kContains
  };
  Kind kind = Kind::kCompare;
  Comparator comparator = Comparator::kEq;
  std::vector<Operand> operands;    // compare: 2; between: 3; in: 1 + list; functions: their args
  std::vector<Condition> children;  // and/or: 2; not: 1
};

struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;
  Operand value;  // SET: the new value; ADD/DELETE: the :value operand
};

// Sorted, each once: requests check them against their substitutions with
// merged walks over contiguous memory.
struct References {
  std::vector<std::string> names;   // "#n" used
  std::vector<std::string> values;  // ":v" used
};

// The expressions one request uses, for check_substitutions: at most one of
// each kind (key condition, filter, projection, condition, update). Held in
// place: every request makes one.
class UsedReferences {
 public:
  static constexpr std::size_t kMaxExpressions = 5;

  // REQUIRES: size() < kMaxExpressions (a sixth would be a bug in the caller).
  void push_back(const References* references) { items_.at(size_++) = references; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const References* operator[](std::size_t i) const { return items_[i]; }
  const References* const* begin() const { return items_.data(); }
  const References* const* end() const { return items_.data() + size_; }

 private:
  std::array<const References*, kMaxExpressions> items_{};
  std::size_t size_ = 0;
};

struct ParsedCondition {
  Condition root;
  References references;
};

struct ParsedUpdate {
  std::vector<UpdateAction> actions;  // in clause order: SET, REMOVE, ADD, DELETE as written
  References references;
};

struct ParsedProjection {
  std::vector<Path> paths;
  References references;
};

}  // namespace streamlab::dynamodb::expressions
