// Grammars of DynamoDB expressions (developer guide, "Expressions"):
// condition/filter/key-condition, update, projection. Errors read like
// DynamoDB's: "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"= \"".
#pragma once

#include <string_view>

#include "emulator/core/status.h"
#include "emulator/dynamodb/expressions/ast.h"

namespace streamlab::dynamodb::expressions {

// `kind` names the request field for messages: "ConditionExpression",
// "FilterExpression", "KeyConditionExpression".
Result<ParsedCondition> parse_condition(std::string_view text, std::string_view kind);
Result<ParsedUpdate> parse_update(std::string_view text);
Result<ParsedProjection> parse_projection(std::string_view text);

}  // namespace streamlab::dynamodb::expressions
