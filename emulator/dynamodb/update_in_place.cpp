// DynamoDbService::update_in_place: UpdateItem without copying the item.
//
// The general path copies the stored item, applies the update to the copy and
// commits it, because the old image may be needed (the stream, ReturnValues).
// When it is not — top-level SET and REMOVE only, no active stream,
// ReturnValues NONE — the result is the same as the general path's, and the
// item is changed where it is stored: most of an item (long strings the update
// does not touch) is then never read, which matters because items are cold.
// Index entries follow as commit() keeps them: the projected copy rewritten, or
// the entry moved when its index key changes (a leaderboard score).
#include <algorithm>
#include <boost/container/small_vector.hpp>

#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/dynamodb/expressions/evaluator.h"
#include "emulator/dynamodb/table_model.h"

namespace streamlab::dynamodb {

namespace {

using expressions::UpdateAction;

// Per-action and per-index scratch: on the stack for the few actions and
// indexes a request has, so an update allocates only what it stores.
template <typename T>
using PerAction = boost::container::small_vector<T, 12>;
template <typename T>
using PerIndex = boost::container::small_vector<T, 4>;

// The action whose top-level target (SET or REMOVE) is `name`; null when none.
const UpdateAction* action_on(const std::vector<UpdateAction>& actions,
                              std::span<const AttributeName* const> names,
                              const AttributeName& name) {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (*names[i] == name) return &actions[i];
  }
  return nullptr;
}

}  // namespace

Result<bool> DynamoDbService::update_in_place(Table& table, const PrimaryKey& key,
                                              const Item& current,
                                              const expressions::ParsedUpdate& update,
                                              std::span<const AttributeName* const> names,
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
  // Values stay borrowed (from the item or the request) until written, so an
  // if_not_exists that keeps what is stored copies nothing.
  PerAction<expressions::OperandValue> values(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].kind != UpdateAction::Kind::kSet) continue;
    STREAMLAB_ASSIGN_OR_RETURN(
        values[i], expressions::evaluate_operand(actions[i].value, current, options.substitutions));
    if (!values[i]) {
      return errors::validation(
          "The provided expression refers to an attribute that does not exist in the item");
    }
  }
  // Where each target sits in the item now (`absent` when it is not there).
  const std::size_t absent = current.size();
  PerAction<std::size_t> positions(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    positions[i] = static_cast<std::size_t>(current.find_name(*names[i]) - current.begin());
  }
  const auto old_value = [&](std::size_t i) -> const AttributeValue* {
    return positions[i] == absent ? nullptr : &current.begin()[positions[i]].second;
  };
  // An attribute's value after the update; null when absent.
  const auto after = [&](const AttributeName& name) -> const AttributeValue* {
    if (const UpdateAction* action = action_on(actions, names, name)) {
      if (action->kind == UpdateAction::Kind::kRemove) return nullptr;
      return &*values[static_cast<std::size_t>(action - actions.data())];
    }
    auto old = current.find_name(name);
    return old == current.end() ? nullptr : &old->second;
  };
  // An index whose key value changes moves its entry: the new key is built
  // (and type-checked, as validate_item_for_write would) from the key
  // attributes as they will be, before anything is written.
  PerIndex<std::optional<PrimaryKey>> moved_to(table.indexes.size());
  PerIndex<bool> moved(table.indexes.size(), false);
  for (std::size_t x = 0; x < table.indexes.size(); ++x) {
    const IndexDefinition& index = table.indexes[x].definition;
    for (const KeyAttribute* attribute :
         {&index.key.hash, index.key.range ? &*index.key.range : nullptr}) {
      if (!attribute) continue;
      const AttributeValue* value = after(attribute->name);  // the stored one when untouched
      auto old = current.find_name(attribute->name);
      const AttributeValue* before = old == current.end() ? nullptr : &old->second;
      moved[x] = moved[x] || (value != before && (!value || !before || !(*value == *before)));
    }
    if (!moved[x]) continue;
    STREAMLAB_ASSIGN_OR_RETURN(
        moved_to[x],
        index_key_of_values(index.key, after(index.key.hash.name),
                            index.key.range ? after(index.key.range->name) : nullptr, index.name));
  }
  // An index key entering a partition the index already has takes the text
  // the partition stores, and so does the attribute written (partition_text).
  for (std::size_t x = 0; x < table.indexes.size(); ++x) {
    if (!moved[x] || !moved_to[x]) continue;
    const AttributeValue* stored = partition_text(table.indexes[x].entries, *moved_to[x]);
    if (!stored) continue;
    moved_to[x]->hash = *stored;
    const AttributeName& name = table.indexes[x].definition.key.hash.name;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      if (actions[i].kind == UpdateAction::Kind::kSet && *names[i] == name)
        values[i] = expressions::OperandValue::owned(AttributeValue(*stored));
    }
  }
  // What else validate_item_for_write checks of the new item: the table key
  // is unchanged (UpdateItem may not set it), so only its size is left. A
  // stored item is within the limit, so only an update that adds more bytes
  // than it removes can pass it: only then is the whole item measured.
  // `writes` are the actions that change the item (a SET of an equal value
  // does not).
  std::size_t added = 0, removed = 0;
  PerAction<std::size_t> writes;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const AttributeValue* old = old_value(i);
    if (old) removed += names[i]->size() + old->size_bytes();
    if (actions[i].kind == UpdateAction::Kind::kSet) {
      added += names[i]->size() + values[i]->size_bytes();
      if (!old || (old != &*values[i] && !(*old == *values[i]))) writes.push_back(i);
    } else if (old) {
      writes.push_back(i);
    }
  }
  if (added > removed && item_size_bytes(current) - removed + added > kMaxItemBytes) {
    return errors::validation("Item size has exceeded the maximum allowed size");
  }
  if (writes.empty()) return true;  // as commit(): no write, no index change
  // A value borrowed from the item is copied before the item changes under it
  // (SET a = b); values borrowed from the request stay valid throughout.
  const auto& request_values = options.substitutions.values;
  for (std::size_t i : writes) {
    if (actions[i].kind != UpdateAction::Kind::kSet || !values[i].is_borrowed()) continue;
    const AttributeValue* value = &*values[i];
    const bool from_request =
        std::any_of(request_values.begin(), request_values.end(),
                    [&](const auto& entry) { return &entry.second == value; });
    if (!from_request) values[i] = expressions::OperandValue::owned(std::move(values[i]).take());
  }
  PerAction<const AttributeName*> written;
  for (std::size_t i : writes) written.push_back(names[i]);
  const auto write = [&](Item& stored) {
    // Replacements first, while the positions found above still hold; then
    // removals and insertions, which move entries.
    const bool same_item = &stored == &current;
    for (std::size_t i : writes) {
      if (actions[i].kind != UpdateAction::Kind::kSet || positions[i] == absent) continue;
      AttributeValue& slot = same_item ? stored.begin()[positions[i]].second : stored.at(*names[i]);
      slot = std::move(values[i]).take();
    }
    // Room for exactly the attributes added: a stored item is read for as
    // long as it lives, and vector growth would double it.
    std::size_t inserted = 0;
    for (std::size_t i : writes)
      if (actions[i].kind != UpdateAction::Kind::kRemove && positions[i] == absent) ++inserted;
    if (inserted > 0) stored.reserve(stored.size() + inserted);
    for (std::size_t i : writes) {
      if (actions[i].kind == UpdateAction::Kind::kRemove) {
        stored.erase(*names[i]);
      } else if (positions[i] == absent) {
        stored.emplace(*names[i], std::move(values[i]).take());
      }
    }
  };
  // (One reference captured fits std::function's inline buffer: no allocation.)
  const Item* item = table.items->modify(key, &current, [&write](Item& stored) { write(stored); });
  // The projected copies follow the write, as commit() keeps them.
  for (std::size_t x = 0; x < table.indexes.size(); ++x) {
    auto& index = table.indexes[x];
    if (!moved[x]) {
      refresh_index_view(table.definition.key, index.definition, index.entries, key, *item,
                         std::span<const AttributeName* const>(written.data(), written.size()));
    } else if (moved_to[x]) {  // moves, or enters the index
      index.entries.move(key, std::move(*moved_to[x]),
                         stored_index_view(table.definition.key, index.definition, *item));
    } else {  // leaves the index (if it was in it)
      index.entries.erase_item(key);
    }
  }
  return true;
}

}  // namespace streamlab::dynamodb
