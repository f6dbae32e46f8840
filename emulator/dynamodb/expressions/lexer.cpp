#include "emulator/dynamodb/expressions/lexer.h"

namespace streamlab::dynamodb::expressions {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

Result<std::vector<Token>> tokenize(std::string_view text, std::string_view kind) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    const std::size_t start = i;
    auto single = [&](TokenKind k) {
      tokens.push_back({k, std::string(1, c), start});
      ++i;
    };
    switch (c) {
      case '(':
        single(TokenKind::kLParen);
        continue;
      case ')':
        single(TokenKind::kRParen);
        continue;
      case '[':
        single(TokenKind::kLBracket);
        continue;
      case ']':
        single(TokenKind::kRBracket);
        continue;
      case ',':
        single(TokenKind::kComma);
        continue;
      case '.':
        single(TokenKind::kDot);
        continue;
      case '=':
        single(TokenKind::kEq);
        continue;
      case '+':
        single(TokenKind::kPlus);
        continue;
      case '-':
        single(TokenKind::kMinus);
        continue;
      case '<':
        if (i + 1 < text.size() && text[i + 1] == '>') {
          tokens.push_back({TokenKind::kNe, "<>", start});
          i += 2;
        } else if (i + 1 < text.size() && text[i + 1] == '=') {
          tokens.push_back({TokenKind::kLe, "<=", start});
          i += 2;
        } else {
          single(TokenKind::kLt);
        }
        continue;
      case '>':
        if (i + 1 < text.size() && text[i + 1] == '=') {
          tokens.push_back({TokenKind::kGe, ">=", start});
          i += 2;
        } else {
          single(TokenKind::kGt);
        }
        continue;
      default:
        break;
    }
    if (c == '#' || c == ':') {
      ++i;
      while (i < text.size() && is_word_char(text[i])) ++i;
      if (i == start + 1) {
        return errors::validation(
            "Invalid " + std::string(kind) + ": Syntax error; token: \"" + std::string(1, c) +
            "\", near: \"" +
            std::string(text.substr(start, std::min<std::size_t>(2, text.size() - start))) + "\"");
      }
      tokens.push_back({c == '#' ? TokenKind::kNameRef : TokenKind::kValueRef,
                        std::string(text.substr(start, i - start)), start});
      continue;
    }
    if (c >= '0' && c <= '9') {
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
      tokens.push_back({TokenKind::kNumber, std::string(text.substr(start, i - start)), start});
      continue;
    }
    if (is_word_char(c)) {
      while (i < text.size() && is_word_char(text[i])) ++i;
      tokens.push_back({TokenKind::kName, std::string(text.substr(start, i - start)), start});
      continue;
    }
    return errors::validation(
        "Invalid " + std::string(kind) + ": Syntax error; token: \"" + std::string(1, c) +
        "\", near: \"" +
        std::string(text.substr(start, std::min<std::size_t>(2, text.size() - start))) + "\"");
  }
  tokens.push_back({TokenKind::kEnd, "<EOF>", text.size()});
  return tokens;
}

}  // namespace streamlab::dynamodb::expressions
