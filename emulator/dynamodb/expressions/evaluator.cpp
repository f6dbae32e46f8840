#include "emulator/dynamodb/expressions/evaluator.h"

#include <algorithm>

#include "emulator/core/short_text.h"

namespace streamlab::dynamodb::expressions {
namespace {

// <0, 0, >0 for comparable operands of the same scalar type; nullopt otherwise.
std::optional<int> compare(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case ValueType::kS:
    case ValueType::kB: {
      const int c = a.as_string().compare(b.as_string());  // byte order
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case ValueType::kN: {
      const auto c = a.as_number() <=> b.as_number();
      return std::is_lt(c) ? -1 : (std::is_gt(c) ? 1 : 0);
    }
    default:
      return std::nullopt;
  }
}

std::optional<ValueType> type_from_name(std::string_view name) {
  static const std::pair<const char*, ValueType> kTypes[] = {
      {"S", ValueType::kS},       {"N", ValueType::kN},       {"B", ValueType::kB},
      {"BOOL", ValueType::kBool}, {"NULL", ValueType::kNull}, {"M", ValueType::kM},
      {"L", ValueType::kL},       {"SS", ValueType::kSS},     {"NS", ValueType::kNS},
      {"BS", ValueType::kBS}};
  for (const auto& [text, type] : kTypes) {
    if (name == text) return type;
  }
  return std::nullopt;
}

}  // namespace

const AttributeName& substituted_name(const PathElement& element,
                                      const Substitutions& substitutions) {
  if (!element.name.empty() && element.name[0] == '#') {
    auto it = substitutions.names.find_key(element.name);
    if (it != substitutions.names.end()) return it->second;
  }
  return element.name;
}

const AttributeName& top_level_name(const Path& path, const Substitutions& substitutions) {
  return substituted_name(path.elements.front(), substitutions);
}

std::string path_text(const Path& path, const Substitutions& substitutions) {
  std::string out = "[";
  for (std::size_t i = 0; i < path.elements.size(); ++i) {
    if (i) out += ", ";
    const auto& element = path.elements[i];
    if (element.is_index()) {
      out += '[';
      out += std::to_string(element.index);
      out += ']';
    } else {
      out += substituted_name(element, substitutions);
    }
  }
  return out + "]";
}

const AttributeValue* resolve(const Item& item, const Path& path,
                              const Substitutions& substitutions) {
  const AttributeValue* current = nullptr;
  for (std::size_t i = 0; i < path.elements.size(); ++i) {
    const PathElement& element = path.elements[i];
    if (i == 0) {
      auto it = item.find_name(substituted_name(element, substitutions));
      if (it == item.end()) return nullptr;
      current = &it->second;
      continue;
    }
    if (element.is_index()) {
      if (!current->is(ValueType::kL)) return nullptr;
      const auto& list = current->as_list();
      if (static_cast<std::size_t>(element.index) >= list.size()) return nullptr;
      current = &list[static_cast<std::size_t>(element.index)];
    } else {
      if (!current->is(ValueType::kM)) return nullptr;
      const auto& map = current->as_map();
      auto it = map.find_name(substituted_name(element, substitutions));
      if (it == map.end()) return nullptr;
      current = &it->second;
    }
  }
  return current;
}

Result<OperandValue> evaluate_operand(const Operand& operand, const Item& item,
                                      const Substitutions& substitutions) {
  switch (operand.kind) {
    case Operand::Kind::kPath: {
      const AttributeValue* value = resolve(item, operand.path, substitutions);
      if (!value) return OperandValue();
      return OperandValue::borrowed(*value);
    }
    case Operand::Kind::kValue: {
      auto it = substitutions.values.find(operand.value_ref);
      if (it == substitutions.values.end()) {
        return errors::validation(
            "An expression attribute value used in expression is not defined; attribute value: " +
            operand.value_ref);
      }
      return OperandValue::borrowed(it->second);
    }
    case Operand::Kind::kSize: {
      const AttributeValue* value = resolve(item, operand.path, substitutions);
      if (!value) return OperandValue();
      std::size_t size = 0;
      switch (value->type()) {
        case ValueType::kS:
        case ValueType::kB:
          size = value->as_string().size();
          break;
        case ValueType::kSS:
        case ValueType::kBS:
          size = value->as_byte_set().size();
          break;
        case ValueType::kNS:
          size = value->as_number_set().size();
          break;
        case ValueType::kL:
          size = value->as_list().size();
          break;
        case ValueType::kM:
          size = value->as_map().size();
          break;
        default:
          return errors::validation(
              std::string("Invalid ConditionExpression: Incorrect operand type for operator or "
                          "function; operator or function: size, operand type: ") +
              type_name(value->type()));
      }
      return OperandValue::owned(
          AttributeValue::number(Decimal::from_integer(static_cast<long long>(size))));
    }
    case Operand::Kind::kIfNotExists: {
      const AttributeValue* value = resolve(item, operand.args[0].path, substitutions);
      if (value) return OperandValue::borrowed(*value);
      return evaluate_operand(operand.args[1], item, substitutions);
    }
    case Operand::Kind::kListAppend: {
      STREAMLAB_ASSIGN_OR_RETURN(auto first,
                                 evaluate_operand(operand.args[0], item, substitutions));
      STREAMLAB_ASSIGN_OR_RETURN(auto second,
                                 evaluate_operand(operand.args[1], item, substitutions));
      if (!first || !second) {
        return errors::validation(
            "The provided expression refers to an attribute that does not exist in the item");
      }
      for (const auto* value : {&*first, &*second}) {
        if (!value->is(ValueType::kL)) {
          return errors::validation(
              std::string("Invalid UpdateExpression: Incorrect operand type for operator or "
                          "function; operator or function: list_append, operand type: ") +
              type_name(value->type()));
        }
      }
      auto list = first->as_list();
      for (const auto& element : second->as_list()) list.push_back(element);
      return OperandValue::owned(AttributeValue::list(std::move(list)));
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      STREAMLAB_ASSIGN_OR_RETURN(auto left, evaluate_operand(operand.args[0], item, substitutions));
      STREAMLAB_ASSIGN_OR_RETURN(auto right,
                                 evaluate_operand(operand.args[1], item, substitutions));
      if (!left || !right) {
        return errors::validation(
            "The provided expression refers to an attribute that does not exist in the item");
      }
      for (const auto* value : {&*left, &*right}) {
        if (!value->is(ValueType::kN)) {
          return errors::validation(
              "An operand in the update expression has an incorrect data type");
        }
      }
      STREAMLAB_ASSIGN_OR_RETURN(Decimal result, operand.kind == Operand::Kind::kPlus
                                                     ? left->as_number().plus(right->as_number())
                                                     : left->as_number().minus(right->as_number()));
      return OperandValue::owned(AttributeValue::number(result));
    }
  }
  return OperandValue();
}

Result<bool> evaluate(const Condition& condition, const Item& item,
                      const Substitutions& substitutions) {
  switch (condition.kind) {
    case Condition::Kind::kAnd: {
      STREAMLAB_ASSIGN_OR_RETURN(bool left, evaluate(condition.children[0], item, substitutions));
      if (!left) return false;
      return evaluate(condition.children[1], item, substitutions);
    }
    case Condition::Kind::kOr: {
      STREAMLAB_ASSIGN_OR_RETURN(bool left, evaluate(condition.children[0], item, substitutions));
      if (left) return true;
      return evaluate(condition.children[1], item, substitutions);
    }
    case Condition::Kind::kNot: {
      STREAMLAB_ASSIGN_OR_RETURN(bool inner, evaluate(condition.children[0], item, substitutions));
      return !inner;
    }
    case Condition::Kind::kAttributeExists:
      return resolve(item, condition.operands[0].path, substitutions) != nullptr;
    case Condition::Kind::kAttributeNotExists:
      return resolve(item, condition.operands[0].path, substitutions) == nullptr;
    case Condition::Kind::kAttributeType: {
      STREAMLAB_ASSIGN_OR_RETURN(auto wanted,
                                 evaluate_operand(condition.operands[1], item, substitutions));
      if (!wanted || !wanted->is(ValueType::kS) || !type_from_name(wanted->as_string())) {
        return errors::validation(
            "Invalid ConditionExpression: Invalid attribute type name found; type: " +
            (wanted && wanted->is(ValueType::kS) ? std::string(wanted->as_string())
                                                 : std::string("?")) +
            ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
      }
      const AttributeValue* value = resolve(item, condition.operands[0].path, substitutions);
      return value != nullptr && value->type() == *type_from_name(wanted->as_string());
    }
    case Condition::Kind::kBeginsWith: {
      const AttributeValue* value = resolve(item, condition.operands[0].path, substitutions);
      STREAMLAB_ASSIGN_OR_RETURN(auto prefix,
                                 evaluate_operand(condition.operands[1], item, substitutions));
      if (!value || !prefix || value->type() != prefix->type() ||
          !(value->is(ValueType::kS) || value->is(ValueType::kB))) {
        return false;
      }
      return value->as_string().compare(0, prefix->as_string().size(), prefix->as_string()) == 0;
    }
    case Condition::Kind::kContains: {
      const AttributeValue* value = resolve(item, condition.operands[0].path, substitutions);
      STREAMLAB_ASSIGN_OR_RETURN(auto needle,
                                 evaluate_operand(condition.operands[1], item, substitutions));
      if (!value || !needle) return false;
      switch (value->type()) {
        case ValueType::kS:
        case ValueType::kB:
          return needle->type() == value->type() &&
                 value->as_string().find(needle->as_string()) != std::string::npos;
        case ValueType::kSS:
          return needle->is(ValueType::kS) &&
                 std::binary_search(value->as_byte_set().begin(), value->as_byte_set().end(),
                                    needle->as_string());
        case ValueType::kBS:
          return needle->is(ValueType::kB) &&
                 std::binary_search(value->as_byte_set().begin(), value->as_byte_set().end(),
                                    needle->as_string());
        case ValueType::kNS:
          return needle->is(ValueType::kN) &&
                 std::binary_search(value->as_number_set().begin(), value->as_number_set().end(),
                                    needle->as_number());
        case ValueType::kL:
          for (const auto& element : value->as_list()) {
            if (element == *needle) return true;
          }
          return false;
        default:
          return false;
      }
    }
    case Condition::Kind::kCompare: {
      STREAMLAB_ASSIGN_OR_RETURN(auto left,
                                 evaluate_operand(condition.operands[0], item, substitutions));
      STREAMLAB_ASSIGN_OR_RETURN(auto right,
                                 evaluate_operand(condition.operands[1], item, substitutions));
      if (condition.comparator == Comparator::kEq) return left && right && *left == *right;
      if (condition.comparator == Comparator::kNe) return !(left && right && *left == *right);
      if (!left || !right) return false;
      const auto order = compare(*left, *right);
      if (!order) return false;
      switch (condition.comparator) {
        case Comparator::kLt:
          return *order < 0;
        case Comparator::kLe:
          return *order <= 0;
        case Comparator::kGt:
          return *order > 0;
        case Comparator::kGe:
          return *order >= 0;
        default:
          return false;
      }
    }
    case Condition::Kind::kBetween: {
      STREAMLAB_ASSIGN_OR_RETURN(auto value,
                                 evaluate_operand(condition.operands[0], item, substitutions));
      STREAMLAB_ASSIGN_OR_RETURN(auto low,
                                 evaluate_operand(condition.operands[1], item, substitutions));
      STREAMLAB_ASSIGN_OR_RETURN(auto high,
                                 evaluate_operand(condition.operands[2], item, substitutions));
      if (!value || !low || !high) return false;
      const auto bounds = compare(*low, *high);
      if (bounds && *bounds > 0) {
        return errors::validation(
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound");
      }
      const auto above = compare(*value, *low);
      const auto below = compare(*value, *high);
      return above && below && *above >= 0 && *below <= 0;
    }
    case Condition::Kind::kIn: {
      STREAMLAB_ASSIGN_OR_RETURN(auto value,
                                 evaluate_operand(condition.operands[0], item, substitutions));
      if (!value) return false;
      for (std::size_t i = 1; i < condition.operands.size(); ++i) {
        STREAMLAB_ASSIGN_OR_RETURN(auto option,
                                   evaluate_operand(condition.operands[i], item, substitutions));
        if (option && *option == *value) return true;
      }
      return false;
    }
  }
  return false;
}

namespace {

// The first of `wanted` (sorted) that `have` (sorted by the same order) lacks;
// null when none. One merged walk, for the few names a request carries.
template <typename Wanted, typename Have>
const std::string* first_missing(const Wanted& wanted, const Have& have) {
  auto at = have.begin();
  for (const std::string& name : wanted) {
    int order = 1;
    while (at != have.end() && (order = compare_short(at->first, name)) < 0) ++at;
    if (at == have.end() || order != 0) return &name;
  }
  return nullptr;
}

}  // namespace

Status check_defined(const References& references, const Substitutions& substitutions,
                     std::string_view kind) {
  if (const std::string* name = first_missing(references.names, substitutions.names)) {
    return errors::validation("Invalid " + std::string(kind) +
                              ": An expression attribute name used in the document path is not "
                              "defined; attribute name: " +
                              *name);
  }
  if (const std::string* value = first_missing(references.values, substitutions.values)) {
    return errors::validation(
        "Invalid " + std::string(kind) +
        ": An expression attribute value used in expression is not defined; attribute value: " +
        *value);
  }
  return Status::ok();
}

namespace {
// Copies the value at path[depth..] of `source` into `target`, building parents.
void copy_path(const AttributeValue& source, const Path& path, std::size_t depth,
               AttributeValue& target, const Substitutions& substitutions) {
  if (depth == path.elements.size()) {
    target = source;
    return;
  }
  const PathElement& element = path.elements[depth];
  if (element.is_index()) {
    if (!source.is(ValueType::kL) ||
        static_cast<std::size_t>(element.index) >= source.as_list().size())
      return;
    if (!target.is(ValueType::kL)) target = AttributeValue::list({});
    // Projected list elements keep their relative order, not their indexes.
    target.as_list().emplace_back();
    copy_path(source.as_list()[static_cast<std::size_t>(element.index)], path, depth + 1,
              target.as_list().back(), substitutions);
    return;
  }
  if (!source.is(ValueType::kM)) return;
  auto it = source.as_map().find_name(substituted_name(element, substitutions));
  if (it == source.as_map().end()) return;
  if (!target.is(ValueType::kM)) target = AttributeValue::map({});
  copy_path(it->second, path, depth + 1, target.as_map()[it->first], substitutions);
}
}  // namespace

Item project(const Item& item, const std::vector<Path>& paths, const Substitutions& substitutions) {
  Item out;
  for (const Path& path : paths) {
    auto it = item.find_name(substituted_name(path.elements[0], substitutions));
    if (it == item.end()) continue;
    if (path.elements.size() == 1) {
      out.set(it->first, it->second);
      continue;
    }
    if (resolve(item, path, substitutions) == nullptr) continue;
    AttributeValue& target = out[it->first];
    copy_path(it->second, path, 1, target, substitutions);
  }
  return out;
}

}  // namespace streamlab::dynamodb::expressions
