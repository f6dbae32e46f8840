// DynamoDbService::update_in_place: UpdateItem without copying the item.
//
// The general path copies the stored item, applies the update to the copy and
// commits it, because the old image may be needed (the stream, ReturnValues, an
// index entry that moves). When none of that applies — top-level SET and
// REMOVE only, no active stream, ReturnValues NONE, no index key whose value
// changes — the result is the same as the general path's, and the item is
// changed where it is stored: most of an item (long strings the update does
// not touch) is then never read, which matters because items are cold.
#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/dynamodb/expressions/evaluator.h"
#include "emulator/dynamodb/table_model.h"

namespace streamlab::dynamodb {

namespace {

using expressions::UpdateAction;

// The action whose top-level target (SET or REMOVE) is `name`; null when none.
const UpdateAction* action_on(const std::vector<UpdateAction>& actions,
                              const std::vector<const std::string*>& names,
                              const std::string& name) {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (*names[i] == name) return &actions[i];
  }
  return nullptr;
}

}  // namespace

Result<bool> DynamoDbService::update_in_place(Table& table, const PrimaryKey& key,
                                              const Item& current,
                                              const expressions::ParsedUpdate& update,
                                              const std::vector<const std::string*>& names,
                                              const WriteOptions& options) {
  if (options.return_values != ReturnValues::kNone) return false;
  if (!table.stream_arn.empty() && streams_.at(table.stream_arn)->enabled) return false;
  const auto& actions = update.actions;
  for (const auto& action : actions) {
    if ((action.kind != UpdateAction::Kind::kSet && action.kind != UpdateAction::Kind::kRemove) ||
        action.path.elements.size() != 1 || action.path.elements[0].is_index()) {
      return false;
    }
  }
  // Every right-hand side sees the item before the update, as in apply_update.
  std::vector<AttributeValue> values(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].kind != UpdateAction::Kind::kSet) continue;
    STREAMLAB_ASSIGN_OR_RETURN(auto value, expressions::evaluate_operand(actions[i].value, current,
                                                                         options.substitutions));
    if (!value) {
      return errors::validation(
          "The provided expression refers to an attribute that does not exist in the item");
    }
    values[i] = std::move(value).take();
  }
  // Index entries stay where they are only if no index key value changes.
  for (const auto& index : table.indexes) {
    for (const KeyAttribute* attribute :
         {&index.definition.key.hash,
          index.definition.key.range ? &*index.definition.key.range : nullptr}) {
      if (!attribute) continue;
      const UpdateAction* action = action_on(actions, names, attribute->name);
      if (!action) continue;
      auto old = current.find(attribute->name);
      if (action->kind == UpdateAction::Kind::kRemove) {
        if (old != current.end()) return false;
        continue;
      }
      const auto& value = values[static_cast<std::size_t>(action - actions.data())];
      if (old == current.end() || !(old->second == value)) return false;
    }
  }
  // What validate_item_for_write checks of the new item: the keys are
  // unchanged, so only its size is left.
  std::size_t size = item_size_bytes(current);
  bool changed = false;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    auto old = current.find(*names[i]);
    if (old != current.end()) size -= names[i]->size() + old->second.size_bytes();
    if (actions[i].kind == UpdateAction::Kind::kSet) {
      size += names[i]->size() + values[i].size_bytes();
      changed = changed || old == current.end() || !(old->second == values[i]);
    } else {
      changed = changed || old != current.end();
    }
  }
  if (size > kMaxItemBytes) {
    return errors::validation("Item size has exceeded the maximum allowed size");
  }
  if (!changed) return true;  // as commit(): no write, no index change
  table.items->modify(key, [&](Item& item) {
    for (std::size_t i = 0; i < actions.size(); ++i) {
      if (actions[i].kind == UpdateAction::Kind::kSet) {
        item[*names[i]] = std::move(values[i]);
      } else {
        item.erase(*names[i]);
      }
    }
  });
  // The projected copies follow the write, as commit() keeps them.
  const Item* item = table.items->find(key);
  for (auto& index : table.indexes)
    refresh_index_view(table.definition.key, index.definition, index.entries, key, *item);
  return true;
}

}  // namespace streamlab::dynamodb
