#include "emulator/dynamodb/expressions/update.h"

#include <algorithm>
#include <boost/container/small_vector.hpp>

namespace streamlab::dynamodb::expressions {
namespace {

std::vector<std::string> path_parts(const Path& path, const Substitutions& substitutions) {
  std::vector<std::string> parts;
  for (const auto& element : path.elements) {
    if (element.is_index()) {
      parts.push_back(std::string(1, '[').append(std::to_string(element.index)).append(1, ']'));
    } else {
      parts.push_back(substituted_name(element, substitutions));
    }
  }
  return parts;
}

AwsError invalid_path() {
  return errors::validation(
      "The document path provided in the update expression is invalid for update");
}

AwsError wrong_operand(const char* op, ValueType type) {
  return errors::validation(
      std::string("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                  "operator: ") +
      op + ", operand type: " + type_name(type));
}

// Finds the container holding the last element of `path`, creating nothing.
// Returns null when a parent is missing or of the wrong type.
AttributeValue* parent_of(Item& item, const std::vector<std::string>& parts, const Path& path) {
  AttributeValue* current = nullptr;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const PathElement& element = path.elements[i];
    if (i == 0) {
      auto it = item.find(parts[0]);
      if (it == item.end()) return nullptr;
      current = &it->second;
      continue;
    }
    if (element.is_index()) {
      if (!current->is(ValueType::kL) ||
          static_cast<std::size_t>(element.index) >= current->as_list().size()) {
        return nullptr;
      }
      current = &current->as_list()[static_cast<std::size_t>(element.index)];
    } else {
      if (!current->is(ValueType::kM)) return nullptr;
      auto it = current->as_map().find(parts[i]);
      if (it == current->as_map().end()) return nullptr;
      current = &it->second;
    }
  }
  return current;
}

Status set_at(Item& item, const Path& path, const std::vector<std::string>& parts,
              AttributeValue value) {
  if (parts.size() == 1) {
    item[parts[0]] = std::move(value);
    return Status::ok();
  }
  AttributeValue* parent = parent_of(item, parts, path);
  if (!parent) return invalid_path();
  const PathElement& last = path.elements.back();
  if (last.is_index()) {
    if (!parent->is(ValueType::kL)) return invalid_path();
    auto& list = parent->as_list();
    // An index past the end appends (developer guide: "SET a[n]" adds to the end).
    if (static_cast<std::size_t>(last.index) >= list.size()) {
      list.push_back(std::move(value));
    } else {
      list[static_cast<std::size_t>(last.index)] = std::move(value);
    }
    return Status::ok();
  }
  if (!parent->is(ValueType::kM)) return invalid_path();
  parent->as_map()[parts.back()] = std::move(value);
  return Status::ok();
}

void remove_at(Item& item, const Path& path, const std::vector<std::string>& parts) {
  if (parts.size() == 1) {
    item.erase(parts[0]);
    return;
  }
  AttributeValue* parent = parent_of(item, parts, path);
  if (!parent) return;
  const PathElement& last = path.elements.back();
  if (last.is_index()) {
    if (!parent->is(ValueType::kL)) return;
    auto& list = parent->as_list();
    if (static_cast<std::size_t>(last.index) < list.size()) list.erase(list.begin() + last.index);
  } else if (parent->is(ValueType::kM)) {
    parent->as_map().erase(parts.back());
  }
}

}  // namespace

Status check_update_paths(const ParsedUpdate& update, const Substitutions& substitutions) {
  const auto& actions = update.actions;
  if (actions.size() < 2) return Status::ok();
  // Compared first: most paths are one name. On the stack for the actions a
  // request has (this runs on every UpdateItem).
  boost::container::small_vector<const AttributeName*, 12> tops;
  for (const auto& action : actions) tops.push_back(&top_level_name(action.path, substitutions));
  // Overlapping: one path is a prefix of the other, after #name substitution.
  const auto overlap = [&](const Path& a, const Path& b) {
    const std::size_t common = std::min(a.elements.size(), b.elements.size());
    for (std::size_t k = 1; k < common; ++k) {
      const PathElement& x = a.elements[k];
      const PathElement& y = b.elements[k];
      if (x.is_index() != y.is_index()) return false;
      if (x.is_index() ? x.index != y.index
                       : substituted_name(x, substitutions) != substituted_name(y, substitutions)) {
        return false;
      }
    }
    return true;
  };
  for (std::size_t i = 0; i < actions.size(); ++i) {
    for (std::size_t j = i + 1; j < actions.size(); ++j) {
      if (*tops[i] != *tops[j] || !overlap(actions[i].path, actions[j].path)) continue;
      return errors::validation(
          "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
          "rewrite one of these paths; path one: " +
          path_text(actions[i].path, substitutions) +
          ", path two: " + path_text(actions[j].path, substitutions));
    }
  }
  return Status::ok();
}

Result<Item> apply_update(const ParsedUpdate& update, const Item& item,
                          const Substitutions& substitutions) {
  Item out = item;
  for (const auto& action : update.actions) {
    const auto parts = path_parts(action.path, substitutions);
    switch (action.kind) {
      case UpdateAction::Kind::kSet: {
        STREAMLAB_ASSIGN_OR_RETURN(auto value, evaluate_operand(action.value, item, substitutions));
        if (!value) {
          return errors::validation(
              "The provided expression refers to an attribute that does not exist in the item");
        }
        STREAMLAB_RETURN_IF_ERROR(set_at(out, action.path, parts, std::move(value).take()));
        break;
      }
      case UpdateAction::Kind::kRemove:
        remove_at(out, action.path, parts);
        break;
      case UpdateAction::Kind::kAdd:
      case UpdateAction::Kind::kDelete: {
        const bool add = action.kind == UpdateAction::Kind::kAdd;
        const char* op = add ? "ADD" : "DELETE";
        STREAMLAB_ASSIGN_OR_RETURN(auto operand,
                                   evaluate_operand(action.value, item, substitutions));
        if (!operand) return errors::internal_failure("streamlab: ADD/DELETE operand missing");
        const AttributeValue& delta = *operand;
        const bool numeric_add = add && delta.is(ValueType::kN);
        if (!numeric_add && !delta.is_set()) return wrong_operand(op, delta.type());
        const AttributeValue* current = resolve(item, action.path, substitutions);
        if (!current) {
          if (add) STREAMLAB_RETURN_IF_ERROR(set_at(out, action.path, parts, delta));
          break;  // DELETE from a missing set does nothing
        }
        if (current->type() != delta.type()) {
          return errors::validation(
              "An operand in the update expression has an incorrect data type");
        }
        if (numeric_add) {
          STREAMLAB_ASSIGN_OR_RETURN(Decimal sum, current->as_number().plus(delta.as_number()));
          STREAMLAB_RETURN_IF_ERROR(set_at(out, action.path, parts, AttributeValue::number(sum)));
          break;
        }
        AttributeValue result;
        if (delta.is(ValueType::kNS)) {
          std::vector<Decimal> merged;
          const auto& have = current->as_number_set();
          const auto& change = delta.as_number_set();
          if (add) {
            std::set_union(have.begin(), have.end(), change.begin(), change.end(),
                           std::back_inserter(merged));
          } else {
            std::set_difference(have.begin(), have.end(), change.begin(), change.end(),
                                std::back_inserter(merged));
          }
          if (merged.empty()) {
            remove_at(out, action.path, parts);  // an empty set is removed
            break;
          }
          result = AttributeValue::number_set(std::move(merged));
        } else {
          std::vector<std::string> merged;
          const auto& have = current->as_byte_set();
          const auto& change = delta.as_byte_set();
          if (add) {
            std::set_union(have.begin(), have.end(), change.begin(), change.end(),
                           std::back_inserter(merged));
          } else {
            std::set_difference(have.begin(), have.end(), change.begin(), change.end(),
                                std::back_inserter(merged));
          }
          if (merged.empty()) {
            remove_at(out, action.path, parts);
            break;
          }
          result = delta.is(ValueType::kSS) ? AttributeValue::string_set(std::move(merged))
                                            : AttributeValue::binary_set(std::move(merged));
        }
        STREAMLAB_RETURN_IF_ERROR(set_at(out, action.path, parts, std::move(result)));
        break;
      }
    }
  }
  return out;
}

}  // namespace streamlab::dynamodb::expressions
