// DynamoDbService: PutItem, UpdateItem, DeleteItem, TransactWriteItems, and
// the commit step that keeps indexes and the stream in line with the table.
#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "emulator/core/memory_region.h"
#include "emulator/dynamodb/attribute_json.h"
#include "emulator/dynamodb/checked_shapes.h"
#include "emulator/dynamodb/expressions/update.h"
#include "emulator/dynamodb/request_checks.h"
#include "emulator/dynamodb/table_model.h"

namespace streamlab::dynamodb {

using expressions::ParsedCondition;
using expressions::ParsedUpdate;

namespace {

AwsError condition_failed(const Item* current, bool return_item) {
  AwsError error = errors::conditional_check_failed();
  if (return_item && current) {
    nlohmann::ordered_json details;
    details["Item"] = item_to_json(*current);
    error.details_json = details.dump();
  }
  return error;
}

std::string hex64(std::uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, value);
  return buf;
}

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// True when both items hold the same values for the index's key attributes
// (so the item keeps its place in the index).
bool same_index_key(const KeySchema& key, const Item& a, const Item& b) {
  const auto same = [&](const std::string& name) {
    auto x = a.find(name);
    auto y = b.find(name);
    if (x == a.end() || y == b.end()) return x == a.end() && y == b.end();
    return x->second == y->second;
  };
  return same(key.hash.name) && (!key.range || same(key.range->name));
}

}  // namespace

Status DynamoDbService::validate_item_for_write(const Table& table, const Item& item) const {
  STREAMLAB_RETURN_IF_ERROR(key_of_item(table.definition.key, item).status());
  for (const auto& index : table.indexes) {
    STREAMLAB_RETURN_IF_ERROR(
        index_key_of_item(index.definition.key, item, index.definition.name).status());
  }
  if (item_size_bytes(item) > kMaxItemBytes) {
    return errors::validation("Item size has exceeded the maximum allowed size");
  }
  return Status::ok();
}

Status DynamoDbService::prepare_condition(
    const WriteOptions& options, expressions::UsedReferences& used,
    std::shared_ptr<const expressions::ParsedCondition>& condition) {
  if (options.condition.empty()) return Status::ok();
  STREAMLAB_ASSIGN_OR_RETURN(condition,
                             cache_->condition(options.condition, "ConditionExpression"));
  STREAMLAB_RETURN_IF_ERROR(
      check_defined(condition->references, options.substitutions, "ConditionExpression"));
  used.push_back(&condition->references);
  return Status::ok();
}

Status DynamoDbService::check_condition(const ParsedCondition* condition,
                                        const WriteOptions& options, const Item* current) {
  if (!condition) return Status::ok();
  static const Item kNoItem;
  STREAMLAB_ASSIGN_OR_RETURN(
      bool holds,
      expressions::evaluate(condition->root, current ? *current : kNoItem, options.substitutions));
  if (!holds) return condition_failed(current, options.return_item_on_condition_failure);
  return Status::ok();
}

void DynamoDbService::append_stream_record(Table& table, const Item* old_item,
                                           const Item* new_item) {
  if (table.stream_arn.empty()) return;
  Stream& stream = *streams_.at(table.stream_arn);
  if (!stream.enabled) return;
  StreamRecord record;
  record.event_name = !old_item ? "INSERT" : (!new_item ? "REMOVE" : "MODIFY");
  char sequence[32];
  std::snprintf(sequence, sizeof sequence, "%021" PRIu64, stream.next_sequence++ * 100);
  record.sequence_number = sequence;
  record.event_id = hex64(fnv1a(stream.arn, 1) ^ fnv1a(record.sequence_number, 2)) +
                    hex64(fnv1a(record.sequence_number, 3));
  record.keys = key_attributes(table.definition.key, new_item ? *new_item : *old_item);
  record.view_type = stream.view_type;
  record.size_bytes = item_size_bytes(record.keys);
  if (new_item && (stream.view_type == StreamViewType::kNewImage ||
                   stream.view_type == StreamViewType::kNewAndOldImages)) {
    record.new_image = *new_item;
    record.size_bytes += item_size_bytes(*new_item);
  }
  if (old_item && (stream.view_type == StreamViewType::kOldImage ||
                   stream.view_type == StreamViewType::kNewAndOldImages)) {
    record.old_image = *old_item;
    record.size_bytes += item_size_bytes(*old_item);
  }
  record.created = scheduler_.now();
  if (scheduler_.tracing()) {
    scheduler_.note("stream " + table.definition.name + " " + record.event_name + " " +
                    record.sequence_number);
  }
  stream.records.push_back(std::move(record));
}

namespace {

// Calls `visit` with each attribute name a KEYS_ONLY or INCLUDE index projects:
// the table's keys, the index's keys, then INCLUDE's non-key attributes.
template <typename Visit>
void for_each_projected_name(const KeySchema& table_key, const IndexDefinition& index,
                             const Visit& visit) {
  visit(table_key.hash.name);
  if (table_key.range) visit(table_key.range->name);
  visit(index.key.hash.name);
  if (index.key.range) visit(index.key.range->name);
  if (index.projection == ProjectionType::kInclude) {
    for (const auto& name : index.non_key_attributes) visit(name);
  }
}

// index_view(table_key, index, item) written over `view`, an earlier view of
// the same index: values are assigned where they are (reusing their buffers)
// and attributes the item no longer has are dropped.
void rewrite_index_view(const KeySchema& table_key, const IndexDefinition& index, const Item& item,
                        Item& view) {
  for_each_projected_name(table_key, index, [&](const AttributeName& name) {
    if (auto from = item.find_name(name); from != item.end()) {
      view.set(name, from->second);
    } else if (auto stale = view.find_name(name); stale != view.end()) {
      view.erase(stale);
    }
  });
}

}  // namespace

Item index_view(const KeySchema& table_key, const IndexDefinition& index, const Item& item) {
  if (index.projection == ProjectionType::kAll) return item;
  // Found first, so the view is allocated at its size: it stays in the index
  // as long as the item does, and vector growth would leave it a quarter
  // empty (three attributes in room for four).
  boost::container::small_vector<const Item::value_type*, 8> found;
  for_each_projected_name(table_key, index, [&](const AttributeName& name) {
    auto it = item.find_name(name);
    if (it != item.end() && std::find(found.begin(), found.end(), &*it) == found.end())
      found.push_back(&*it);
  });
  Item out;
  out.reserve(found.size());
  for (const auto* entry : found) out.emplace(entry->first, entry->second);
  return out;
}

std::shared_ptr<IndexView> stored_index_view(const KeySchema& table_key,
                                             const IndexDefinition& index, const Item& item) {
  if (index.projection == ProjectionType::kAll) return nullptr;
  auto view = std::make_shared<IndexView>();
  view->item = index_view(table_key, index, item);
  view->size_bytes = item_size_bytes(view->item);
  return view;
}

namespace {

// The item's entry in `index` gets its new projected copy: `rewrite` updates
// the stored one in place when no Query result holds it, else a new copy
// replaces it (the result keeps the old one). REQUIRES: the write kept the
// item's index key, so its entry (if any) is the one to refresh.
template <typename Rewrite>
void refresh_view_of_entry(const KeySchema& table_key, const IndexDefinition& index,
                           IndexEntries& entries, const PrimaryKey& key, const Item& item,
                           const Rewrite& rewrite) {
  const IndexEntry* entry = entries.entry_of(key);
  if (!entry) return;
  if (entry->view && entry->view.use_count() == 1) {
    rewrite(entry->view->item);
    entry->view->size_bytes = item_size_bytes(entry->view->item);
  } else {
    entry->view = stored_index_view(table_key, index, item);
  }
}

}  // namespace

void refresh_index_view(const KeySchema& table_key, const IndexDefinition& index,
                        IndexEntries& entries, const PrimaryKey& key, const Item& item) {
  if (index.projection == ProjectionType::kAll) return;
  refresh_view_of_entry(table_key, index, entries, key, item,
                        [&](Item& view) { rewrite_index_view(table_key, index, item, view); });
}

void refresh_index_view(const KeySchema& table_key, const IndexDefinition& index,
                        IndexEntries& entries, const PrimaryKey& key, const Item& item,
                        std::span<const AttributeName* const> changed) {
  if (index.projection == ProjectionType::kAll) return;
  const auto projected = [&](const AttributeName& name) {
    bool found = false;
    for_each_projected_name(table_key, index,
                            [&](const AttributeName& each) { found = found || each == name; });
    return found;
  };
  if (std::none_of(changed.begin(), changed.end(),
                   [&](const AttributeName* name) { return projected(*name); }))
    return;  // the view holds none of what changed
  refresh_view_of_entry(table_key, index, entries, key, item, [&](Item& view) {
    for (const AttributeName* name : changed) {
      if (!projected(*name)) continue;
      if (auto from = item.find_name(*name); from != item.end()) {
        view.set(from->first, from->second);
      } else if (auto stale = view.find_name(*name); stale != view.end()) {
        view.erase(stale);
      }
    }
  });
}

const AttributeValue* partition_text(const IndexEntries& entries, const PrimaryKey& index_key) {
  const AttributeValue* stored = entries.partition_value(index_key);
  if (!stored || stored->is(ValueType::kN) || stored->shares_text_with(index_key.hash))
    return nullptr;
  return stored;
}

namespace {

// Gives the index key and the item the text the partition already stores.
void share_partition_text(const IndexDefinition& index, const IndexEntries& entries,
                          PrimaryKey& index_key, Item& item) {
  const AttributeValue* stored = partition_text(entries, index_key);
  if (!stored) return;
  index_key.hash = *stored;
  if (auto it = item.find(index.key.hash.name); it != item.end()) it->second = *stored;
}

}  // namespace

Status DynamoDbService::commit(Table& table, const PrimaryKey& key, const Item* current,
                               std::optional<Item> next) {
  // DynamoDB Streams: exactly one record per real change, none when the write
  // leaves the item as it was.
  const bool changed = current ? (!next || !(*next == *current)) : next.has_value();
  if (!changed) return Status::ok();
  for (auto& index : table.indexes) {
    if (current && next && same_index_key(index.definition.key, *current, *next)) {
      // The same entry: its projected attributes may have changed.
      refresh_index_view(table.definition.key, index.definition, index.entries, key, *next);
      continue;
    }
    // The item's entry (if any) is found by its key: only the new index key
    // is needed.
    std::optional<PrimaryKey> new_key;  // absent: not in the index
    if (next) {
      auto found = index_key_of_item(index.definition.key, *next, index.definition.name);
      if (found.is_ok()) new_key = std::move(*found);
    }
    if (new_key) {
      share_partition_text(index.definition, index.entries, *new_key, *next);
      index.entries.move(key, std::move(*new_key),
                         stored_index_view(table.definition.key, index.definition, *next));
    } else {
      index.entries.erase_item(key);
    }
  }
  append_stream_record(table, current, next ? &*next : nullptr);  // before `current` changes
  if (next) {
    // A stored item is read for as long as it lives: built up attribute by
    // attribute, it may have room for twice its entries.
    next->shrink_to_fit();
    table.items->put(key, std::move(*next));
  } else {
    table.items->erase(key);
  }
  return Status::ok();
}

Result<WriteOutput> DynamoDbService::put_item(PutItemInput input) {
  MemoryRegionScope region(MemoryRegion::kTables);
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_active_table(input.table));
  const WriteOptions& options = input.options;
  expressions::UsedReferences used;
  std::shared_ptr<const ParsedCondition> condition;
  STREAMLAB_RETURN_IF_ERROR(prepare_condition(options, used, condition));
  STREAMLAB_RETURN_IF_ERROR(check_substitutions(options.substitutions, used));
  if (options.return_values != ReturnValues::kNone &&
      options.return_values != ReturnValues::kAllOld) {
    return errors::validation("Return values set to invalid value");
  }
  STREAMLAB_RETURN_IF_ERROR(validate_item_for_write(*table, input.item));
  STREAMLAB_ASSIGN_OR_RETURN(PrimaryKey key, key_of_item(table->definition.key, input.item));
  const Item* current = table->items->find(key);
  STREAMLAB_RETURN_IF_ERROR(check_condition(condition.get(), options, current));
  WriteOutput out;
  if (options.return_values == ReturnValues::kAllOld && current) out.attributes = *current;
  // The request's item is stored where its caller allocated it (unless
  // commit() gives back spare room): copying every one into the tables'
  // region cost a third of PutItem's rate.
  STREAMLAB_RETURN_IF_ERROR(commit(*table, key, current, std::move(input.item)));
  return out;
}

Result<Item> DynamoDbService::updated_item(const UpdateItemInput& input, const Item* current) {
  const Item& base = current ? *current : input.key;  // a new item starts as its key
  if (input.update.empty()) return base;
  STREAMLAB_ASSIGN_OR_RETURN(auto update, cache_->update(input.update));
  return expressions::apply_update(*update, base, input.options.substitutions);
}

Result<WriteOutput> DynamoDbService::update_item(const UpdateItemInput& input) {
  MemoryRegionScope region(MemoryRegion::kTables);
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_active_table(input.table));
  const WriteOptions& options = input.options;
  STREAMLAB_ASSIGN_OR_RETURN(PrimaryKey key, key_from_request(table->definition.key, input.key));
  std::shared_ptr<const ParsedUpdate> update;
  if (!input.update.empty()) {
    STREAMLAB_ASSIGN_OR_RETURN(update, cache_->update(input.update));
  }
  // A request of a shape that passed the checks before skips them (they
  // depend on nothing else; see checked_shapes.h). A condition the cache does
  // not hold has not been checked as it is now: the checks parse it, in the
  // same order as for a new shape, so a request that fails fails as it did.
  std::shared_ptr<const ParsedCondition> condition;
  if (!options.condition.empty())
    condition = cache_->cached_condition(options.condition, "ConditionExpression");
  const bool checked = (options.condition.empty() || condition) &&
                       checked_updates_->passed(table->incarnation, {update.get(), condition.get()},
                                                {}, options.substitutions);
  expressions::UsedReferences used;
  if (update) {
    if (!checked) {
      STREAMLAB_RETURN_IF_ERROR(
          check_defined(update->references, options.substitutions, "UpdateExpression"));
    }
    used.push_back(&update->references);
  }
  if (!checked) {  // the checks look the condition up again, parsing it if they must
    STREAMLAB_RETURN_IF_ERROR(prepare_condition(options, used, condition));
    STREAMLAB_RETURN_IF_ERROR(check_substitutions(options.substitutions, used));
  }
  std::vector<std::string> touched;  // top-level attributes the update names (for UPDATED_*)
  // Each action's top-level attribute (in place for the few a request has).
  boost::container::small_vector<const AttributeName*, 12> targets;
  if (update) {
    if (!checked) {
      STREAMLAB_RETURN_IF_ERROR(expressions::check_update_paths(*update, options.substitutions));
    }
    targets.reserve(update->actions.size());
    for (const auto& action : update->actions) {
      const AttributeName& top = expressions::top_level_name(action.path, options.substitutions);
      targets.push_back(&top);
      for (const KeyAttribute* attribute :
           {&table->definition.key.hash,
            table->definition.key.range ? &*table->definition.key.range : nullptr}) {
        if (!checked && attribute && attribute->name == top) {
          return errors::validation(
              "One or more parameter values were invalid: Cannot update attribute " + top +
              ". This attribute is part of the key");
        }
      }
      if (options.return_values == ReturnValues::kUpdatedOld ||
          options.return_values == ReturnValues::kUpdatedNew) {
        touched.push_back(top);
      }
    }
  }
  if (!checked) {
    checked_updates_->remember(table->incarnation, {update, condition}, {}, options.substitutions);
  }
  const Item* current = table->items->find(key);
  STREAMLAB_RETURN_IF_ERROR(check_condition(condition.get(), options, current));
  if (current && update) {
    STREAMLAB_ASSIGN_OR_RETURN(bool done, update_in_place(*table, key, *current, *update,
                                                          std::span<const AttributeName* const>(
                                                              targets.data(), targets.size()),
                                                          options));
    if (done) return WriteOutput{};
  }
  STREAMLAB_ASSIGN_OR_RETURN(
      Item next, update ? expressions::apply_update(*update, current ? *current : input.key,
                                                    options.substitutions)
                        : Result<Item>(current ? *current : input.key));
  STREAMLAB_RETURN_IF_ERROR(validate_item_for_write(*table, next));
  WriteOutput out;
  const auto pick = [&touched](const Item& from) {
    Item picked;
    for (const auto& name : touched) {
      if (auto found = from.find(name); found != from.end())
        picked.emplace(found->first, found->second);
    }
    return picked;
  };
  switch (options.return_values) {
    case ReturnValues::kNone:
      break;
    case ReturnValues::kAllOld:
      if (current) out.attributes = *current;
      break;
    case ReturnValues::kUpdatedOld:
      if (current) out.attributes = pick(*current);
      break;
    case ReturnValues::kAllNew:
      out.attributes = next;
      break;
    case ReturnValues::kUpdatedNew:
      out.attributes = pick(next);
      break;
  }
  STREAMLAB_RETURN_IF_ERROR(commit(*table, key, current, std::move(next)));
  return out;
}

Result<WriteOutput> DynamoDbService::delete_item(const DeleteItemInput& input) {
  MemoryRegionScope region(MemoryRegion::kTables);
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_active_table(input.table));
  const WriteOptions& options = input.options;
  STREAMLAB_ASSIGN_OR_RETURN(PrimaryKey key, key_from_request(table->definition.key, input.key));
  expressions::UsedReferences used;
  std::shared_ptr<const ParsedCondition> condition;
  STREAMLAB_RETURN_IF_ERROR(prepare_condition(options, used, condition));
  STREAMLAB_RETURN_IF_ERROR(check_substitutions(options.substitutions, used));
  if (options.return_values != ReturnValues::kNone &&
      options.return_values != ReturnValues::kAllOld) {
    return errors::validation("Return values set to invalid value");
  }
  const Item* current = table->items->find(key);
  STREAMLAB_RETURN_IF_ERROR(check_condition(condition.get(), options, current));
  WriteOutput out;
  if (!current) return out;
  if (options.return_values == ReturnValues::kAllOld) out.attributes = *current;
  STREAMLAB_RETURN_IF_ERROR(commit(*table, key, current, std::nullopt));
  return out;
}

Status DynamoDbService::transact_write(std::vector<TransactWriteElement> elements,
                                       const std::string& client_request_token,
                                       std::string request_fingerprint) {
  MemoryRegionScope region(MemoryRegion::kTables);
  if (elements.empty() || elements.size() > 100) {
    return errors::validation(
        "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
        "Member must have length " +
        std::string(elements.empty() ? "greater than or equal to 1" : "less than or equal to 100"));
  }
  // ClientRequestToken: a repeat within 10 minutes is a no-op (developer guide,
  // "TransactWriteItems" idempotency).
  const TimePoint now = scheduler_.now();
  for (auto it = transaction_tokens_.begin(); it != transaction_tokens_.end();) {
    it = now - it->second.second > std::chrono::minutes(10) ? transaction_tokens_.erase(it)
                                                            : std::next(it);
  }
  if (!client_request_token.empty()) {
    if (auto it = transaction_tokens_.find(client_request_token); it != transaction_tokens_.end()) {
      if (it->second.first == request_fingerprint) return Status::ok();
      return errors::make(
          "IdempotentParameterMismatchException",
          "Request parameters do not match the parameters of the previous request with this "
          "ClientRequestToken");
    }
  }
  struct Prepared {
    Table* table;
    PrimaryKey key;
    const Item* current;
    std::optional<Item> next;  // nullopt with write=true: delete
    bool write;
    std::shared_ptr<const ParsedCondition> condition;  // null when none
  };
  std::vector<Prepared> prepared;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& element : elements) {
    STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_active_table(element.table));
    const bool is_put = element.kind == TransactWriteElement::Kind::kPut;
    STREAMLAB_ASSIGN_OR_RETURN(
        PrimaryKey key, is_put ? key_of_item(table->definition.key, element.item_or_key)
                               : key_from_request(table->definition.key, element.item_or_key));
    const std::string key_text =
        item_to_json(key_attributes(table->definition.key, element.item_or_key)).dump();
    if (!seen.insert({element.table, key_text}).second) {
      return errors::validation(
          "Transaction request cannot include multiple operations on one item");
    }
    expressions::UsedReferences used;
    std::shared_ptr<const ParsedCondition> condition;
    std::shared_ptr<const ParsedUpdate> update;
    if (!element.options.condition.empty()) {
      STREAMLAB_ASSIGN_OR_RETURN(
          condition, cache_->condition(element.options.condition, "ConditionExpression"));
      STREAMLAB_RETURN_IF_ERROR(check_defined(condition->references, element.options.substitutions,
                                              "ConditionExpression"));
      used.push_back(&condition->references);
    } else if (element.kind == TransactWriteElement::Kind::kConditionCheck) {
      return errors::validation("The ConditionCheck operation requires a ConditionExpression");
    }
    if (element.kind == TransactWriteElement::Kind::kUpdate) {
      STREAMLAB_ASSIGN_OR_RETURN(update, cache_->update(element.update));
      STREAMLAB_RETURN_IF_ERROR(
          check_defined(update->references, element.options.substitutions, "UpdateExpression"));
      STREAMLAB_RETURN_IF_ERROR(
          expressions::check_update_paths(*update, element.options.substitutions));
      used.push_back(&update->references);
    }
    STREAMLAB_RETURN_IF_ERROR(check_substitutions(element.options.substitutions, used));
    const Item* current = table->items->find(key);
    prepared.push_back({table, std::move(key), current, std::nullopt,
                        element.kind != TransactWriteElement::Kind::kConditionCheck,
                        std::move(condition)});
  }
  // Conditions are all evaluated against the state before the transaction.
  nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
  std::string codes;
  bool cancelled = false;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const Status status =
        check_condition(prepared[i].condition.get(), elements[i].options, prepared[i].current);
    nlohmann::ordered_json reason;
    if (status.is_ok()) {
      reason["Code"] = "None";
    } else if (status.is("ConditionalCheckFailedException")) {
      cancelled = true;
      reason["Code"] = "ConditionalCheckFailed";
      reason["Message"] = "The conditional request failed";
      if (elements[i].options.return_item_on_condition_failure && prepared[i].current) {
        reason["Item"] = item_to_json(*prepared[i].current);
      }
    } else {
      return status.error();
    }
    codes.append(i ? ", " : "").append(reason["Code"].get<std::string>());
    reasons.push_back(std::move(reason));
  }
  if (cancelled) {
    AwsError error = errors::make(
        "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes +
            "]");
    nlohmann::ordered_json details;
    details["CancellationReasons"] = std::move(reasons);
    error.details_json = details.dump();
    return error;
  }
  for (std::size_t i = 0; i < elements.size(); ++i) {
    Prepared& p = prepared[i];
    switch (elements[i].kind) {
      case TransactWriteElement::Kind::kConditionCheck:
        break;
      case TransactWriteElement::Kind::kPut:
        p.next = elements[i].item_or_key;
        break;
      case TransactWriteElement::Kind::kDelete:
        p.next = std::nullopt;
        break;
      case TransactWriteElement::Kind::kUpdate: {
        UpdateItemInput as_update{elements[i].table, elements[i].item_or_key, elements[i].update,
                                  elements[i].options};
        STREAMLAB_ASSIGN_OR_RETURN(p.next, updated_item(as_update, p.current));
        break;
      }
    }
    if (p.next) STREAMLAB_RETURN_IF_ERROR(validate_item_for_write(*p.table, *p.next));
  }
  for (auto& p : prepared) {
    if (!p.write || (!p.current && !p.next)) continue;
    STREAMLAB_RETURN_IF_ERROR(commit(*p.table, p.key, p.current, std::move(p.next)));
  }
  if (!client_request_token.empty()) {
    transaction_tokens_[client_request_token] = {std::move(request_fingerprint), now};
  }
  return Status::ok();
}

}  // namespace streamlab::dynamodb

namespace streamlab::dynamodb {

Result<std::vector<DynamoDbService::BatchWriteRequest>> DynamoDbService::batch_write(
    std::vector<BatchWriteRequest> requests) {
  MemoryRegionScope region(MemoryRegion::kTables);
  if (requests.empty() || requests.size() > 25) {
    return errors::validation(
        "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
        "Member must have length " +
        std::string(requests.empty() ? "greater than or equal to 1" : "less than or equal to 25"));
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& request : requests) {
    STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_active_table(request.table));
    if (request.is_put) {
      STREAMLAB_RETURN_IF_ERROR(validate_item_for_write(*table, request.item_or_key));
    } else {
      STREAMLAB_RETURN_IF_ERROR(
          key_from_request(table->definition.key, request.item_or_key).status());
    }
    const std::string key_text =
        item_to_json(key_attributes(table->definition.key, request.item_or_key)).dump();
    if (!seen.insert({request.table, key_text}).second) {
      return errors::validation("Provided list of item keys contains duplicates");
    }
  }
  const std::size_t limit = batch_write_limit_.value_or(requests.size());
  std::vector<BatchWriteRequest> unprocessed;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (i >= limit) {
      unprocessed.push_back(std::move(requests[i]));
      continue;
    }
    if (requests[i].is_put) {
      STREAMLAB_RETURN_IF_ERROR(
          put_item({requests[i].table, std::move(requests[i].item_or_key), {}}).status());
    } else {
      STREAMLAB_RETURN_IF_ERROR(
          delete_item({requests[i].table, std::move(requests[i].item_or_key), {}}).status());
    }
  }
  return unprocessed;
}

}  // namespace streamlab::dynamodb
