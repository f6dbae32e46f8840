#include "emulator/dynamodb/expressions/parser.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "emulator/dynamodb/expressions/lexer.h"

namespace streamlab::dynamodb::expressions {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view kind, std::vector<Token> tokens)
      : text_(text), kind_(kind), tokens_(std::move(tokens)) {}

  // What the expression used, sorted (the parser's sets already are).
  References take_references() {
    return {{names_.begin(), names_.end()}, {values_.begin(), values_.end()}};
  }
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(position_ + ahead, tokens_.size() - 1)];
  }
  bool at_end() const { return peek().kind == TokenKind::kEnd; }
  bool peek_keyword(std::string_view keyword) const {
    return peek().kind == TokenKind::kName && lower(peek().text) == keyword;
  }
  const Token& advance() {
    return tokens_[position_ < tokens_.size() - 1 ? position_++ : position_];
  }

  AwsError syntax_error() const {
    const Token& token = peek();
    const std::size_t from = position_ > 0 ? tokens_[position_ - 1].offset : token.offset;
    const std::size_t to =
        token.kind == TokenKind::kEnd ? text_.size() : token.offset + token.text.size();
    return errors::validation("Invalid " + std::string(kind_) + ": Syntax error; token: \"" +
                              token.text + "\", near: \"" +
                              std::string(text_.substr(from, to - from)) + "\"");
  }
  AwsError invalid(const std::string& detail) const {
    return errors::validation("Invalid " + std::string(kind_) + ": " + detail);
  }

  Status expect(TokenKind kind) {
    if (peek().kind != kind) return syntax_error();
    advance();
    return Status::ok();
  }

  Result<Path> path() {
    Path out;
    STREAMLAB_ASSIGN_OR_RETURN(PathElement first, name_element());
    out.elements.push_back(first);
    for (;;) {
      if (peek().kind == TokenKind::kDot) {
        advance();
        STREAMLAB_ASSIGN_OR_RETURN(PathElement next, name_element());
        out.elements.push_back(next);
      } else if (peek().kind == TokenKind::kLBracket) {
        advance();
        if (peek().kind != TokenKind::kNumber) return syntax_error();
        const std::string digits = advance().text;
        if (digits.size() > 9) return invalid("List index is out of range: " + digits);
        out.elements.push_back(PathElement{"", std::stoi(digits)});
        STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kRBracket));
      } else {
        return out;
      }
    }
  }

  Result<Operand> condition_operand() {
    if (peek().kind == TokenKind::kValueRef) {
      values_.insert(peek().text);
      Operand out;
      out.kind = Operand::Kind::kValue;
      out.value_ref = advance().text;
      return out;
    }
    if (peek().kind == TokenKind::kName && peek(1).kind == TokenKind::kLParen) {
      const std::string function = peek().text;
      if (function != "size") {
        // Condition functions are not operands; only size() is.
        return invalid(
            "The function is not allowed to be used this way in an expression; function: " +
            function);
      }
      advance();
      advance();
      Operand out;
      out.kind = Operand::Kind::kSize;
      STREAMLAB_ASSIGN_OR_RETURN(out.path, path());
      STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kRParen));
      return out;
    }
    Operand out;
    out.kind = Operand::Kind::kPath;
    STREAMLAB_ASSIGN_OR_RETURN(out.path, path());
    return out;
  }

  Result<Condition> condition() {
    STREAMLAB_ASSIGN_OR_RETURN(Condition left, and_condition());
    while (peek_keyword("or")) {
      advance();
      STREAMLAB_ASSIGN_OR_RETURN(Condition right, and_condition());
      Condition node;
      node.kind = Condition::Kind::kOr;
      node.children.push_back(std::move(left));
      node.children.push_back(std::move(right));
      left = std::move(node);
    }
    return left;
  }

  Result<Condition> and_condition() {
    STREAMLAB_ASSIGN_OR_RETURN(Condition left, not_condition());
    while (peek_keyword("and")) {
      advance();
      STREAMLAB_ASSIGN_OR_RETURN(Condition right, not_condition());
      Condition node;
      node.kind = Condition::Kind::kAnd;
      node.children.push_back(std::move(left));
      node.children.push_back(std::move(right));
      left = std::move(node);
    }
    return left;
  }

  Result<Condition> not_condition() {
    if (peek_keyword("not")) {
      advance();
      STREAMLAB_ASSIGN_OR_RETURN(Condition inner, not_condition());
      Condition node;
      node.kind = Condition::Kind::kNot;
      node.children.push_back(std::move(inner));
      return node;
    }
    return primary_condition();
  }

  Result<Condition> function_condition() {
    static const std::pair<const char*, Condition::Kind> kFunctions[] = {
        {"attribute_exists", Condition::Kind::kAttributeExists},
        {"attribute_not_exists", Condition::Kind::kAttributeNotExists},
        {"attribute_type", Condition::Kind::kAttributeType},
        {"begins_with", Condition::Kind::kBeginsWith},
        {"contains", Condition::Kind::kContains}};
    const std::string name = peek().text;
    const auto* found = std::find_if(std::begin(kFunctions), std::end(kFunctions),
                                     [&](const auto& f) { return name == f.first; });
    if (found == std::end(kFunctions)) return invalid("Invalid function name; function: " + name);
    advance();
    advance();  // (
    Condition node;
    node.kind = found->second;
    const std::size_t arity = node.kind == Condition::Kind::kAttributeExists ||
                                      node.kind == Condition::Kind::kAttributeNotExists
                                  ? 1
                                  : 2;
    for (std::size_t i = 0; i < arity; ++i) {
      if (i > 0) STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kComma));
      STREAMLAB_ASSIGN_OR_RETURN(Operand operand, condition_operand());
      node.operands.push_back(std::move(operand));
    }
    if (peek().kind == TokenKind::kComma) {
      return invalid(
          "Incorrect number of operands for operator or function; operator or function: " + name +
          ", number of operands: " + std::to_string(arity + 1));
    }
    STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kRParen));
    if (node.operands[0].kind != Operand::Kind::kPath) {
      return invalid("Operator or function requires a document path; operator or function: " +
                     name);
    }
    return node;
  }

  Result<Condition> primary_condition() {
    if (peek().kind == TokenKind::kLParen) {
      advance();
      STREAMLAB_ASSIGN_OR_RETURN(Condition inner, condition());
      STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kRParen));
      return inner;
    }
    if (peek().kind == TokenKind::kName && peek(1).kind == TokenKind::kLParen &&
        peek().text != "size") {
      return function_condition();
    }
    STREAMLAB_ASSIGN_OR_RETURN(Operand left, condition_operand());
    Condition node;
    node.operands.push_back(std::move(left));
    if (peek_keyword("between")) {
      advance();
      node.kind = Condition::Kind::kBetween;
      STREAMLAB_ASSIGN_OR_RETURN(Operand low, condition_operand());
      if (!peek_keyword("and")) return syntax_error();
      advance();
      STREAMLAB_ASSIGN_OR_RETURN(Operand high, condition_operand());
      node.operands.push_back(std::move(low));
      node.operands.push_back(std::move(high));
      return node;
    }
    if (peek_keyword("in")) {
      advance();
      node.kind = Condition::Kind::kIn;
      STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kLParen));
      for (;;) {
        STREAMLAB_ASSIGN_OR_RETURN(Operand option, condition_operand());
        node.operands.push_back(std::move(option));
        if (peek().kind != TokenKind::kComma) break;
        advance();
      }
      STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kRParen));
      return node;
    }
    node.kind = Condition::Kind::kCompare;
    switch (peek().kind) {
      case TokenKind::kEq:
        node.comparator = Comparator::kEq;
        break;
      case TokenKind::kNe:
        node.comparator = Comparator::kNe;
        break;
      case TokenKind::kLt:
        node.comparator = Comparator::kLt;
        break;
      case TokenKind::kLe:
        node.comparator = Comparator::kLe;
        break;
      case TokenKind::kGt:
        node.comparator = Comparator::kGt;
        break;
      case TokenKind::kGe:
        node.comparator = Comparator::kGe;
        break;
      default:
        return syntax_error();
    }
    advance();
    STREAMLAB_ASSIGN_OR_RETURN(Operand right, condition_operand());
    node.operands.push_back(std::move(right));
    return node;
  }

  // SET values: operand [(+|-) operand], operands may be if_not_exists / list_append.
  Result<Operand> set_value() {
    STREAMLAB_ASSIGN_OR_RETURN(Operand left, set_operand());
    if (peek().kind == TokenKind::kPlus || peek().kind == TokenKind::kMinus) {
      Operand node;
      node.kind = advance().kind == TokenKind::kPlus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
      STREAMLAB_ASSIGN_OR_RETURN(Operand right, set_operand());
      node.args.push_back(std::move(left));
      node.args.push_back(std::move(right));
      return node;
    }
    return left;
  }

  Result<Operand> set_operand() {
    if (peek().kind == TokenKind::kName && peek(1).kind == TokenKind::kLParen) {
      const std::string function = peek().text;
      Operand node;
      if (function == "if_not_exists") {
        node.kind = Operand::Kind::kIfNotExists;
      } else if (function == "list_append") {
        node.kind = Operand::Kind::kListAppend;
      } else {
        return invalid("Invalid function name; function: " + function);
      }
      advance();
      advance();
      STREAMLAB_ASSIGN_OR_RETURN(Operand first, set_value());
      STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kComma));
      STREAMLAB_ASSIGN_OR_RETURN(Operand second, set_value());
      STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kRParen));
      if (node.kind == Operand::Kind::kIfNotExists && first.kind != Operand::Kind::kPath) {
        return invalid(
            "Operator or function requires a document path; operator or function: if_not_exists");
      }
      node.args.push_back(std::move(first));
      node.args.push_back(std::move(second));
      return node;
    }
    return condition_operand();
  }

  Result<std::vector<UpdateAction>> update_clauses() {
    std::vector<UpdateAction> actions;
    std::set<std::string> seen_clauses;
    if (at_end()) return syntax_error();
    while (!at_end()) {
      if (peek().kind != TokenKind::kName) return syntax_error();
      const std::string clause = lower(peek().text);
      UpdateAction::Kind kind;
      if (clause == "set")
        kind = UpdateAction::Kind::kSet;
      else if (clause == "remove")
        kind = UpdateAction::Kind::kRemove;
      else if (clause == "add")
        kind = UpdateAction::Kind::kAdd;
      else if (clause == "delete")
        kind = UpdateAction::Kind::kDelete;
      else
        return syntax_error();
      if (!seen_clauses.insert(clause).second) {
        std::string upper = clause;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return invalid("The \"" + upper +
                       "\" section can only be used once in an update expression;");
      }
      advance();
      for (;;) {
        UpdateAction action;
        action.kind = kind;
        STREAMLAB_ASSIGN_OR_RETURN(action.path, path());
        if (kind == UpdateAction::Kind::kSet) {
          STREAMLAB_RETURN_IF_ERROR(expect(TokenKind::kEq));
          STREAMLAB_ASSIGN_OR_RETURN(action.value, set_value());
        } else if (kind != UpdateAction::Kind::kRemove) {
          if (peek().kind != TokenKind::kValueRef) return syntax_error();
          STREAMLAB_ASSIGN_OR_RETURN(action.value, condition_operand());
        }
        actions.push_back(std::move(action));
        if (peek().kind != TokenKind::kComma) break;
        advance();
      }
    }
    return actions;
  }

 private:
  Result<PathElement> name_element() {
    const Token& token = peek();
    if (token.kind == TokenKind::kNameRef) {
      names_.insert(token.text);
      return PathElement{advance().text, -1};
    }
    if (token.kind == TokenKind::kName) {
      if (token.text[0] >= '0' && token.text[0] <= '9') return syntax_error();
      return PathElement{advance().text, -1};
    }
    return syntax_error();
  }

  std::string_view text_;
  std::string_view kind_;
  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  std::set<std::string> names_;
  std::set<std::string> values_;
};

}  // namespace

Result<ParsedCondition> parse_condition(std::string_view text, std::string_view kind) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return errors::validation("Invalid " + std::string(kind) +
                              ": The expression can not be empty;");
  }
  STREAMLAB_ASSIGN_OR_RETURN(auto tokens, tokenize(text, kind));
  Parser parser(text, kind, std::move(tokens));
  STREAMLAB_ASSIGN_OR_RETURN(Condition root, parser.condition());
  if (!parser.at_end()) return parser.syntax_error();
  return ParsedCondition{std::move(root), parser.take_references()};
}

Result<ParsedUpdate> parse_update(std::string_view text) {
  constexpr std::string_view kKind = "UpdateExpression";
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return errors::validation("Invalid UpdateExpression: The expression can not be empty;");
  }
  STREAMLAB_ASSIGN_OR_RETURN(auto tokens, tokenize(text, kKind));
  Parser parser(text, kKind, std::move(tokens));
  STREAMLAB_ASSIGN_OR_RETURN(auto actions, parser.update_clauses());
  return ParsedUpdate{std::move(actions), parser.take_references()};
}

Result<ParsedProjection> parse_projection(std::string_view text) {
  constexpr std::string_view kKind = "ProjectionExpression";
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return errors::validation("Invalid ProjectionExpression: The expression can not be empty;");
  }
  STREAMLAB_ASSIGN_OR_RETURN(auto tokens, tokenize(text, kKind));
  Parser parser(text, kKind, std::move(tokens));
  ParsedProjection out;
  for (;;) {
    STREAMLAB_ASSIGN_OR_RETURN(Path path, parser.path());
    out.paths.push_back(std::move(path));
    if (parser.peek().kind != TokenKind::kComma) break;
    parser.advance();
  }
  if (!parser.at_end()) return parser.syntax_error();
  out.references = parser.take_references();
  return out;
}

}  // namespace streamlab::dynamodb::expressions
