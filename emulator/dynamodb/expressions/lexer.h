// Tokens of DynamoDB expressions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/status.h"

namespace streamlab::dynamodb::expressions {

enum class TokenKind {
  kName,
  kNameRef,
  kValueRef,
  kNumber,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kEnd
};

struct Token {
  TokenKind kind;
  std::string text;
  std::size_t offset;  // in the expression text
};

// `kind` is the expression kind for messages ("ConditionExpression").
Result<std::vector<Token>> tokenize(std::string_view expression, std::string_view kind);

}  // namespace streamlab::dynamodb::expressions
