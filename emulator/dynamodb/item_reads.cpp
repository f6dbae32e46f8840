// DynamoDbService: GetItem, Query, Scan, TransactGetItems.
#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cstdlib>
#include <iterator>

#include "emulator/core/uint128.h"

#include "emulator/dynamodb/checked_shapes.h"
#include "emulator/dynamodb/request_checks.h"
#include "emulator/dynamodb/table_model.h"

namespace streamlab::dynamodb {

using expressions::Condition;

namespace {

constexpr std::size_t kPageBytes = 1 << 20;  // Query and Scan read at most 1 MB per call

// Key conditions (developer guide, "Key condition expressions for query"):
// the partition key with `=`, optionally AND one sort key condition
// (=, <, <=, >, >=, BETWEEN, begins_with).
Status check_key_condition(const Condition& root, const KeySchema& key,
                           const Substitutions& substitutions) {
  // A key condition has at most two parts: no allocation for the walk.
  using Conditions = boost::container::small_vector<const Condition*, 4>;
  Conditions parts;
  Conditions pending{&root};
  while (!pending.empty()) {
    const Condition* c = pending.back();
    pending.pop_back();
    if (c->kind == Condition::Kind::kAnd) {
      pending.push_back(&c->children[1]);
      pending.push_back(&c->children[0]);
      continue;
    }
    if (c->kind == Condition::Kind::kOr || c->kind == Condition::Kind::kNot ||
        c->kind == Condition::Kind::kIn) {
      const char* op = c->kind == Condition::Kind::kOr
                           ? "OR"
                           : (c->kind == Condition::Kind::kNot ? "NOT" : "IN");
      return errors::validation(std::string("Invalid operator used in KeyConditionExpression: ") +
                                op);
    }
    parts.push_back(c);
  }
  bool has_hash = false, has_range = false;
  for (const Condition* c : parts) {
    const bool supported = c->kind == Condition::Kind::kCompare ||
                           c->kind == Condition::Kind::kBetween ||
                           c->kind == Condition::Kind::kBeginsWith;
    if (!supported ||
        (c->kind == Condition::Kind::kCompare && c->comparator == expressions::Comparator::kNe)) {
      return errors::validation("Query key condition not supported");
    }
    const auto& path_operand = c->operands[0].kind == expressions::Operand::Kind::kPath
                                   ? c->operands[0]
                                   : c->operands.back();
    if (path_operand.kind != expressions::Operand::Kind::kPath ||
        path_operand.path.elements.size() != 1) {
      return errors::validation("Query key condition not supported");
    }
    const std::string name = expressions::path_text(path_operand.path, substitutions);
    const std::string attribute = name.substr(1, name.size() - 2);
    bool& seen = attribute == key.hash.name ? has_hash : has_range;
    if (attribute != key.hash.name && (!key.range || attribute != key.range->name)) {
      return errors::validation("Query condition missed key schema element: " +
                                (has_hash || !key.range ? key.hash.name : key.range->name));
    }
    if (seen)
      return errors::validation("KeyConditionExpressions must only contain one condition per key");
    if (attribute == key.hash.name &&
        !(c->kind == Condition::Kind::kCompare && c->comparator == expressions::Comparator::kEq)) {
      return errors::validation("Query key condition not supported");
    }
    seen = true;
  }
  if (!has_hash)
    return errors::validation("Query condition missed key schema element: " + key.hash.name);
  return Status::ok();
}

Status check_filter_attributes(const Condition& root, const KeySchema& key,
                               const Substitutions& substitutions) {
  std::vector<const Condition*> pending{&root};
  while (!pending.empty()) {
    const Condition* c = pending.back();
    pending.pop_back();
    for (const auto& child : c->children) pending.push_back(&child);
    for (const auto& operand : c->operands) {
      if (operand.kind != expressions::Operand::Kind::kPath &&
          operand.kind != expressions::Operand::Kind::kSize)
        continue;
      const std::string name = expressions::path_text(operand.path, substitutions);
      const std::string top = name.substr(1, name.find_first_of(",]") - 1);
      if (top == key.hash.name || (key.range && top == key.range->name)) {
        return errors::validation(
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: " +
            top);
      }
    }
  }
  return Status::ok();
}

}  // namespace

Status DynamoDbService::prepare_read_expressions(
    const std::string& filter_text, const std::string& projection_text,
    const Substitutions& substitutions, expressions::UsedReferences& used,
    std::shared_ptr<const expressions::ParsedCondition>& filter,
    std::shared_ptr<const expressions::ParsedProjection>& projection) {
  if (!filter_text.empty()) {
    STREAMLAB_ASSIGN_OR_RETURN(filter, cache_->condition(filter_text, "FilterExpression"));
    STREAMLAB_RETURN_IF_ERROR(check_defined(filter->references, substitutions, "FilterExpression"));
    used.push_back(&filter->references);
  }
  if (!projection_text.empty()) {
    STREAMLAB_ASSIGN_OR_RETURN(projection, cache_->projection(projection_text));
    STREAMLAB_RETURN_IF_ERROR(
        check_defined(projection->references, substitutions, "ProjectionExpression"));
    used.push_back(&projection->references);
  }
  return Status::ok();
}

Result<std::optional<Item>> DynamoDbService::get_item(const GetItemInput& input) {
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_active_table(input.table));
  STREAMLAB_ASSIGN_OR_RETURN(PrimaryKey key, key_from_request(table->definition.key, input.key));
  std::shared_ptr<const expressions::ParsedProjection> projection;
  expressions::UsedReferences used;
  if (!input.projection.empty()) {
    STREAMLAB_ASSIGN_OR_RETURN(projection, cache_->projection(input.projection));
    STREAMLAB_RETURN_IF_ERROR(
        check_defined(projection->references, input.substitutions, "ProjectionExpression"));
    used.push_back(&projection->references);
  }
  STREAMLAB_RETURN_IF_ERROR(check_substitutions(input.substitutions, used));
  const Item* found = table->items->find(key);
  if (!found) return std::optional<Item>();
  if (projection)
    return std::optional<Item>(
        expressions::project(*found, projection->paths, input.substitutions));
  return std::optional<Item>(*found);
}

Result<ReadOutput> DynamoDbService::read(const Table& table, const ReadPlan& plan) {
  const KeySchema& table_key = table.definition.key;
  const IndexDefinition* index = plan.index ? &plan.index->definition : nullptr;
  ReadOutput out;
  std::size_t bytes_read = 0;
  bool stop = false;
  // Reads one item as the table or index holds it; sets `stop` when the
  // page is full (Limit or 1 MB).
  // `shared`: the index's copy, when the item can be returned as it is.
  const auto visit = [&](const Item& view, std::size_t view_bytes,
                         const std::shared_ptr<IndexView>* shared) -> Status {
    if (plan.key_condition) {
      STREAMLAB_ASSIGN_OR_RETURN(
          bool in_range, expressions::evaluate(*plan.key_condition, view, *plan.substitutions));
      if (!in_range) return Status::ok();
    }
    ++out.scanned_count;
    bytes_read += view_bytes;
    bool keep = true;
    if (plan.filter) {
      STREAMLAB_ASSIGN_OR_RETURN(keep,
                                 expressions::evaluate(*plan.filter, view, *plan.substitutions));
    }
    if (keep) {
      ++out.count;
      if (plan.select != Select::kCount) {
        if (plan.projection) {
          out.items.push_back(std::make_shared<const Item>(
              expressions::project(view, *plan.projection, *plan.substitutions)));
        } else if (shared) {
          (*shared)->item.prefetch();  // the caller reads the rows next; they are cold
          out.items.emplace_back(*shared, &(*shared)->item);  // aliases the index's copy
        } else {
          out.items.push_back(std::make_shared<const Item>(view));
        }
      }
    }
    // DynamoDB returns LastEvaluatedKey whenever it stops at Limit or 1 MB.
    if ((plan.limit && out.scanned_count >= *plan.limit) || bytes_read >= kPageBytes) {
      Item last = key_attributes(table_key, view);
      if (index) {
        for (auto& [name, value] : key_attributes(index->key, view)) last.emplace(name, value);
      }
      out.last_evaluated_key = std::move(last);
      stop = true;
    }
    return Status::ok();
  };

  std::optional<PrimaryKey> start_key;  // ExclusiveStartKey: its table key, and its index key
  std::optional<PrimaryKey> start_index_key;
  if (plan.exclusive_start_key) {
    STREAMLAB_ASSIGN_OR_RETURN(start_key, key_of_item(table_key, *plan.exclusive_start_key));
    if (index) {
      auto index_key = index_key_of_item(index->key, *plan.exclusive_start_key, index->name);
      if (!index_key.is_ok() || !*index_key)
        return errors::validation("The provided starting key is invalid");
      start_index_key = std::move(**index_key);
    }
  }
  const std::uint64_t plan_partition_order = plan.partition ? partition_order(*plan.partition) : 0;
  const auto in_partition = [&](const PrimaryKey& key) {
    if (plan.partition) {
      return key.partition_order == plan_partition_order &&
             compare_key_values(key.hash, *plan.partition) == 0;
    }
    return !plan.partition_order_range || key.partition_order <= plan.partition_order_range->second;
  };
  std::optional<PrimaryKey>
      first_probe;  // where the range starts when there is no ExclusiveStartKey
  if (plan.partition) {
    first_probe = PrimaryKey{plan_partition_order, *plan.partition, std::nullopt};
  } else if (plan.partition_order_range) {
    first_probe =
        PrimaryKey{plan.partition_order_range->first, AttributeValue(), std::nullopt, true};
  }

  if (!index) {
    const ItemStore& items = *table.items;
    if (plan.forward) {
      auto it = start_key ? items.upper_bound(*start_key)
                          : (first_probe ? items.lower_bound(*first_probe) : items.first());
      for (; it->valid() && !stop && in_partition(it->key()); it->next())
        STREAMLAB_RETURN_IF_ERROR(visit(it->item(), item_size_bytes(it->item()), nullptr));
    } else {
      // Backwards (Query only, one partition): from just before
      // ExclusiveStartKey, or from the partition's end, to its start.
      auto it = items.lower_bound(start_key ? *start_key : *first_probe);
      if (!start_key) {
        while (it->valid() && in_partition(it->key())) it->next();
      }
      while (!stop && it->prev() && in_partition(it->key()))
        STREAMLAB_RETURN_IF_ERROR(visit(it->item(), item_size_bytes(it->item()), nullptr));
    }
    return out;
  }
  const auto& entries = plan.index->entries;
  const auto index_probe = [](const PrimaryKey& key) { return IndexEntry{key, {}, true}; };
  // The index's view of the item, or the table's item for ALL projections
  // and for ALL_ATTRIBUTES (a local index fetches from the table).
  const auto visit_entry = [&](const IndexEntry& entry) -> Status {
    if (entry.view && plan.select != Select::kAllAttributes)
      return visit(entry.view->item, entry.view->size_bytes, &entry.view);
    const Item* item = table.items->find(entry.base_key);
    if (!item) std::abort();  // an index entry without its item: a broken invariant
    return visit(*item, item_size_bytes(*item), nullptr);
  };
  if (plan.forward && plan.partition && !start_key) {
    // The queried partition, read as one run: no per-entry hash comparison.
    Status status = Status::ok();
    const auto reserve_rows = [&](std::size_t size) {
      if (plan.select == Select::kCount || plan.filter) return;  // no rows, or not all of them
      out.items.reserve(plan.limit ? std::min<std::size_t>(size, *plan.limit) : size);
    };
    entries.for_each_in_partition(*first_probe, reserve_rows, [&](const IndexEntry& entry) {
      status = visit_entry(entry);
      return status.is_ok() && !stop;
    });
    if (!status.is_ok()) return status.error();
    return out;
  }
  if (plan.forward) {
    auto it = start_key ? entries.upper_bound(IndexEntry{*start_index_key, *start_key})
                        : (first_probe ? entries.lower_bound(index_probe(*first_probe))
                                       : entries.begin());
    for (; it != entries.end() && !stop && in_partition(it->index_key); ++it) {
      STREAMLAB_RETURN_IF_ERROR(visit_entry(*it));
    }
  } else {
    auto begin = entries.lower_bound(index_probe(*first_probe));
    auto it = begin;
    if (start_key) {
      it = entries.lower_bound(IndexEntry{*start_index_key, *start_key});
    } else {
      while (it != entries.end() && in_partition(it->index_key)) ++it;
    }
    while (it != begin && !stop) {
      --it;
      STREAMLAB_RETURN_IF_ERROR(visit_entry(*it));
    }
  }
  return out;
}

Result<ReadOutput> DynamoDbService::query(const QueryInput& input) {
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_active_table(input.table));
  ReadPlan plan;
  if (!input.index.empty()) {
    plan.index = table->find_index(input.index);
    if (!plan.index) {
      return errors::validation("The table does not have the specified index: " + input.index);
    }
    if (plan.index->global && input.consistent_read) {
      return errors::validation("Consistent reads are not supported on global secondary indexes");
    }
  }
  const KeySchema& key = plan.index ? plan.index->definition.key : table->definition.key;
  if (input.key_condition.empty()) {
    return errors::validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in "
        "the request.");
  }
  if (input.limit && *input.limit == 0) {
    return errors::validation(
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1");
  }
  STREAMLAB_ASSIGN_OR_RETURN(auto key_condition,
                             cache_->condition(input.key_condition, "KeyConditionExpression"));
  // A request of a shape that passed the checks before skips them
  // (checked_shapes.h): its expressions are all cached and the shape's. The
  // key schema read is part of the shape, as an index may be deleted and
  // created again with another key.
  std::shared_ptr<const expressions::ParsedCondition> filter;
  std::shared_ptr<const expressions::ParsedProjection> projection;
  if (!input.filter.empty()) filter = cache_->cached_condition(input.filter, "FilterExpression");
  if (!input.projection.empty()) projection = cache_->cached_projection(input.projection);
  const CheckedShapes::Texts shape = {input.index, key.hash.name,
                                      key.range ? std::string_view(key.range->name) : ""};
  const bool checked =
      (input.filter.empty() || filter) && (input.projection.empty() || projection) &&
      checked_queries_->passed(table->incarnation,
                               {key_condition.get(), filter.get(), projection.get()}, shape,
                               input.substitutions);
  expressions::UsedReferences used;
  if (!checked) {  // the checks look the expressions up again, parsing them if they must
    STREAMLAB_RETURN_IF_ERROR(
        check_defined(key_condition->references, input.substitutions, "KeyConditionExpression"));
    STREAMLAB_RETURN_IF_ERROR(check_key_condition(key_condition->root, key, input.substitutions));
    used.push_back(&key_condition->references);
    STREAMLAB_RETURN_IF_ERROR(prepare_read_expressions(
        input.filter, input.projection, input.substitutions, used, filter, projection));
    if (filter)
      STREAMLAB_RETURN_IF_ERROR(check_filter_attributes(filter->root, key, input.substitutions));
    STREAMLAB_RETURN_IF_ERROR(check_substitutions(input.substitutions, used));
    checked_queries_->remember(table->incarnation, {key_condition, filter, projection}, shape,
                               input.substitutions);
  }

  // The partition value: the operand of `hash = :v`.
  const Condition* hash_condition = &key_condition->root;
  // A path names the hash key when it is that one attribute (the key
  // condition was checked to name each key attribute once, at the top level).
  const auto names_hash_key = [&](const expressions::Operand& operand) {
    return operand.kind == expressions::Operand::Kind::kPath && operand.path.elements.size() == 1 &&
           !operand.path.elements[0].is_index() &&
           expressions::substituted_name(operand.path.elements[0], input.substitutions) ==
               key.hash.name;
  };
  boost::container::small_vector<const Condition*, 4> pending{&key_condition->root};
  while (!pending.empty()) {
    const Condition* c = pending.back();
    pending.pop_back();
    if (c->kind == Condition::Kind::kAnd) {
      pending.push_back(&c->children[0]);
      pending.push_back(&c->children[1]);
    } else if (c->kind == Condition::Kind::kCompare &&
               (names_hash_key(c->operands[0]) || names_hash_key(c->operands[1]))) {
      hash_condition = c;
    }
  }
  const auto& value_operand = hash_condition->operands[0].kind == expressions::Operand::Kind::kPath
                                  ? hash_condition->operands[1]
                                  : hash_condition->operands[0];
  static const Item kNoItem;
  STREAMLAB_ASSIGN_OR_RETURN(
      auto partition, expressions::evaluate_operand(value_operand, kNoItem, input.substitutions));
  if (!partition || partition->type() != key.hash.type) {
    return errors::validation(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  }
  STREAMLAB_ASSIGN_OR_RETURN(plan.select, [&]() -> Result<Select> {
    Select select = input.select.value_or(
        projection ? Select::kSpecificAttributes
                   : (plan.index ? Select::kAllProjectedAttributes : Select::kAllAttributes));
    if (projection && select != Select::kSpecificAttributes) {
      return errors::validation("Cannot specify the ProjectionExpression when choosing to get " +
                                std::string(select == Select::kCount ? "COUNT" : "ALL_ATTRIBUTES"));
    }
    if (select == Select::kAllAttributes && plan.index && plan.index->global &&
        plan.index->definition.projection != ProjectionType::kAll) {
      return errors::validation(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
          "supported for global secondary index " +
          input.index + " because its projection type is not ALL");
    }
    return select;
  }());
  plan.partition = *partition;
  // A condition on the partition key alone holds for every item of the
  // partition read: only a sort key condition needs evaluating per item.
  plan.key_condition = hash_condition == &key_condition->root ? nullptr : &key_condition->root;
  plan.filter = filter ? &filter->root : nullptr;
  plan.projection = projection ? &projection->paths : nullptr;
  plan.substitutions = &input.substitutions;
  plan.forward = input.scan_forward;
  plan.limit = input.limit;
  plan.exclusive_start_key = input.exclusive_start_key;
  return read(*table, plan);
}

Result<ReadOutput> DynamoDbService::scan(const ScanInput& input) {
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_active_table(input.table));
  ReadPlan plan;
  if (!input.index.empty()) {
    plan.index = table->find_index(input.index);
    if (!plan.index)
      return errors::validation("The table does not have the specified index: " + input.index);
    if (plan.index->global && input.consistent_read) {
      return errors::validation("Consistent reads are not supported on global secondary indexes");
    }
  }
  if (input.total_segments || input.segment) {
    if (!input.total_segments) {
      return errors::validation(
          "The TotalSegments parameter is required but was not present in the request when "
          "Segment parameter is present");
    }
    if (!input.segment) {
      return errors::validation(
          "The Segment parameter is required but was not present in the request when "
          "parameter TotalSegments is present");
    }
    if (*input.segment >= *input.total_segments) {
      return errors::validation(
          "The Segment parameter is zero-based and must be less than parameter "
          "TotalSegments: Segment: " +
          std::to_string(*input.segment) +
          " is not less than TotalSegments: " + std::to_string(*input.total_segments));
    }
    // Segments split the partition-order space evenly.
    const uint128 span = (static_cast<uint128>(1) << 64) / *input.total_segments;
    const auto low = static_cast<std::uint64_t>(span * *input.segment);
    const auto high = *input.segment + 1 == *input.total_segments
                          ? UINT64_MAX
                          : static_cast<std::uint64_t>(span * (*input.segment + 1) - 1);
    plan.partition_order_range = std::make_pair(low, high);
  }
  if (input.limit && *input.limit == 0) {
    return errors::validation(
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1");
  }
  expressions::UsedReferences used;
  std::shared_ptr<const expressions::ParsedCondition> filter;
  std::shared_ptr<const expressions::ParsedProjection> projection;
  STREAMLAB_RETURN_IF_ERROR(prepare_read_expressions(
      input.filter, input.projection, input.substitutions, used, filter, projection));
  STREAMLAB_RETURN_IF_ERROR(check_substitutions(input.substitutions, used));
  plan.select = input.select.value_or(
      projection ? Select::kSpecificAttributes
                 : (plan.index ? Select::kAllProjectedAttributes : Select::kAllAttributes));
  plan.filter = filter ? &filter->root : nullptr;
  plan.projection = projection ? &projection->paths : nullptr;
  plan.substitutions = &input.substitutions;
  plan.limit = input.limit;
  plan.exclusive_start_key = input.exclusive_start_key;
  return read(*table, plan);
}

Result<std::vector<std::optional<Item>>> DynamoDbService::transact_get(
    const std::vector<GetItemInput>& gets) {
  if (gets.empty() || gets.size() > 100) {
    return errors::validation(
        "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
        "Member must have length " +
        std::string(gets.empty() ? "greater than or equal to 1" : "less than or equal to 100"));
  }
  std::vector<std::optional<Item>> out;
  for (const auto& get : gets) {
    STREAMLAB_ASSIGN_OR_RETURN(auto item, get_item(get));
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace streamlab::dynamodb
