// Evaluating parsed expressions against an item.
//
// Comparison rules (developer guide, "Comparison operator and function
// reference"): strings compare by UTF-8 bytes, numbers numerically, binaries
// by bytes; operands of different types are never <, <=, >, >= or equal;
// `=` on a missing attribute is false and `<>` true; size() of a missing
// attribute makes the comparison false.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "emulator/core/status.h"
#include "emulator/dynamodb/attribute_value.h"
#include "emulator/dynamodb/expressions/ast.h"

namespace streamlab::dynamodb::expressions {

// The request's ExpressionAttributeNames and ExpressionAttributeValues.
struct Substitutions {
  std::map<std::string, std::string, std::less<>> names;
  std::map<std::string, AttributeValue, std::less<>> values;
};

// The attribute names of a path after #name substitution, as DynamoDB prints
// them in messages ("[a, b, [2]]").
std::string path_text(const Path& path, const Substitutions& substitutions);

// The top-level attribute a path starts at, after #name substitution.
const std::string& top_level_name(const Path& path, const Substitutions& substitutions);

// Finds the value at `path` in `item`; nullptr when absent.
const AttributeValue* resolve(const Item& item, const Path& path,
                              const Substitutions& substitutions);

// Evaluates a condition. Type errors in functions (e.g. attribute_type with an
// unknown type name) are ValidationExceptions.
Result<bool> evaluate(const Condition& condition, const Item& item,
                      const Substitutions& substitutions);

// Evaluates an operand to a value; nullopt when it names a missing attribute.
Result<std::optional<AttributeValue>> evaluate_operand(const Operand& operand, const Item& item,
                                                       const Substitutions& substitutions);

// Checks that every #name and :value an expression uses is defined.
// `kind` names the expression for the message.
Status check_defined(const References& references, const Substitutions& substitutions,
                     std::string_view kind);

// Builds the projection of `item` onto `paths` (nested paths keep their parents).
Item project(const Item& item, const std::vector<Path>& paths, const Substitutions& substitutions);

}  // namespace streamlab::dynamodb::expressions
