// Evaluating parsed expressions against an item.
//
// Comparison rules (developer guide, "Comparison operator and function
// reference"): strings compare by UTF-8 bytes, numbers numerically, binaries
// by bytes; operands of different types are never <, <=, >, >= or equal;
// `=` on a missing attribute is false and `<>` true; size() of a missing
// attribute makes the comparison false.
#pragma once

#include <optional>
#include <string>

#include "emulator/core/shared_sorted_map.h"
#include "emulator/core/small_sorted_map.h"
#include "emulator/core/status.h"
#include "emulator/dynamodb/attribute_value.h"
#include "emulator/dynamodb/expressions/ast.h"

namespace streamlab::dynamodb::expressions {

// #name → attribute name, both interned: substitution compares pointers.
using NameMap = SharedSortedMap<AttributeName, AttributeName>;

// The request's ExpressionAttributeNames and ExpressionAttributeValues.
// Sorted by key, as check_substitutions' merged walk needs. Names are shared
// between copies: callers copy one constant map into every request.
struct Substitutions {
  NameMap names;
  SmallSortedMap<AttributeValue> values;
};

// The attribute names of a path after #name substitution, as DynamoDB prints
// them in messages ("[a, b, [2]]").
std::string path_text(const Path& path, const Substitutions& substitutions);

// A path element's attribute name after #name substitution (an undefined
// #name stays as written; check_defined reports it).
const AttributeName& substituted_name(const PathElement& element,
                                      const Substitutions& substitutions);

// The top-level attribute a path starts at, after #name substitution.
const AttributeName& top_level_name(const Path& path, const Substitutions& substitutions);

// Finds the value at `path` in `item`; nullptr when absent.
const AttributeValue* resolve(const Item& item, const Path& path,
                              const Substitutions& substitutions);

// Evaluates a condition. Type errors in functions (e.g. attribute_type with an
// unknown type name) are ValidationExceptions.
Result<bool> evaluate(const Condition& condition, const Item& item,
                      const Substitutions& substitutions);

// An operand's value: borrowed from the item or the request when the operand
// is a path or a :value (most are, and conditions only read them; so is
// if_not_exists, whichever argument it yields), owned when computed (size,
// +, -, list_append); empty when the operand names a missing attribute.
// Borrowed values live as long as the item and the substitutions they were
// evaluated against.
class OperandValue {
 public:
  OperandValue() = default;
  static OperandValue borrowed(const AttributeValue& value) {
    OperandValue out;
    out.borrowed_ = &value;
    return out;
  }
  static OperandValue owned(AttributeValue value) {
    OperandValue out;
    out.owned_ = std::move(value);
    return out;
  }
  explicit operator bool() const { return borrowed_ != nullptr || owned_.has_value(); }
  bool is_borrowed() const { return borrowed_ != nullptr; }
  const AttributeValue& operator*() const { return borrowed_ ? *borrowed_ : *owned_; }
  const AttributeValue* operator->() const { return &**this; }
  // The value to store: moved when owned, copied when borrowed.
  AttributeValue take() && {
    if (borrowed_) return *borrowed_;
    return std::move(*owned_);
  }

 private:
  const AttributeValue* borrowed_ = nullptr;
  std::optional<AttributeValue> owned_;
};

// Evaluates an operand to a value; empty when it names a missing attribute.
Result<OperandValue> evaluate_operand(const Operand& operand, const Item& item,
                                      const Substitutions& substitutions);

// Checks that every #name and :value an expression uses is defined.
// `kind` names the expression for the message.
Status check_defined(const References& references, const Substitutions& substitutions,
                     std::string_view kind);

// Builds the projection of `item` onto `paths` (nested paths keep their parents).
Item project(const Item& item, const std::vector<Path>& paths, const Substitutions& substitutions);

}  // namespace streamlab::dynamodb::expressions
