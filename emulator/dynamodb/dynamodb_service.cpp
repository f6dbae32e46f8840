// DynamoDbService: table lifecycle, descriptions and streams bookkeeping.
// Item writes are in item_writes.cpp, reads in item_reads.cpp.
#include "emulator/dynamodb/dynamodb_service.h"

#include <algorithm>
#include <set>

#include "emulator/core/memory_region.h"
#include "emulator/dynamodb/checked_shapes.h"
#include "emulator/dynamodb/table_model.h"

namespace streamlab::dynamodb {

const char* to_string(TableStatus status) {
  switch (status) {
    case TableStatus::kCreating:
      return "CREATING";
    case TableStatus::kActive:
      return "ACTIVE";
    case TableStatus::kUpdating:
      return "UPDATING";
    case TableStatus::kDeleting:
      return "DELETING";
  }
  return "?";
}

const char* to_string(ProjectionType type) {
  switch (type) {
    case ProjectionType::kKeysOnly:
      return "KEYS_ONLY";
    case ProjectionType::kInclude:
      return "INCLUDE";
    case ProjectionType::kAll:
      return "ALL";
  }
  return "?";
}

const char* to_string(StreamViewType type) {
  switch (type) {
    case StreamViewType::kKeysOnly:
      return "KEYS_ONLY";
    case StreamViewType::kNewImage:
      return "NEW_IMAGE";
    case StreamViewType::kOldImage:
      return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages:
      return "NEW_AND_OLD_IMAGES";
  }
  return "?";
}

DynamoDbService::DynamoDbService(Scheduler& scheduler, DynamoDbOptions options)
    : scheduler_(scheduler),
      options_(std::move(options)),
      cache_(std::make_unique<expressions::ExpressionCache>()),
      checked_updates_(std::make_unique<CheckedShapes>()),
      checked_queries_(std::make_unique<CheckedShapes>()) {}

DynamoDbService::~DynamoDbService() = default;

AwsError DynamoDbService::table_not_found(std::string_view name) const {
  return errors::resource_not_found("Requested resource not found: Table: " + std::string(name) +
                                    " not found");
}

namespace {

// The entry of the table called `name` (end() when none). Every item request
// names its table, and an account has a few: a scan that compares lengths
// first beats the tree's string comparisons.
template <typename Tables>
auto table_entry(const Tables& tables, std::string_view name) {
  constexpr std::size_t kScanned = 8;
  if (tables.size() > kScanned) return tables.find(name);
  auto each = tables.begin();
  while (each != tables.end() && !(each->first.size() == name.size() && each->first == name))
    ++each;
  return each;
}

}  // namespace

Result<DynamoDbService::Table*> DynamoDbService::find_table(std::string_view name) const {
  auto it = table_entry(tables_, name);
  if (it == tables_.end()) return table_not_found(name);
  return it->second.get();
}

// Item operations need the table to exist and not be CREATING or DELETING.
Result<DynamoDbService::Table*> DynamoDbService::find_active_table(std::string_view name) const {
  auto it = table_entry(tables_, name);
  if (it == tables_.end() || it->second->status == TableStatus::kCreating ||
      it->second->status == TableStatus::kDeleting) {
    return errors::resource_not_found("Requested resource not found");
  }
  return it->second.get();
}

namespace {

std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

void collect_key_names(const KeySchema& key, std::set<std::string>& names) {
  names.insert(key.hash.name);
  if (key.range) names.insert(key.range->name);
}

}  // namespace

// Developer guide, CreateTable: AttributeDefinitions must define exactly the
// key attributes of the table and its indexes; LSIs share the table's hash key.
Status DynamoDbService::validate_definition(const TableDefinition& definition) const {
  const auto invalid = [](const std::string& detail) {
    return errors::validation("One or more parameter values were invalid: " + detail);
  };
  std::map<std::string, ValueType> defined;
  for (const auto& attribute : definition.attribute_definitions)
    defined[attribute.name] = attribute.type;
  std::set<std::string> used;
  collect_key_names(definition.key, used);
  std::set<std::string> index_names;
  for (const auto& index : definition.global_indexes) {
    if (!index_names.insert(index.name).second)
      return invalid("Duplicate index name: " + index.name);
    collect_key_names(index.key, used);
  }
  for (const auto& index : definition.local_indexes) {
    if (!index_names.insert(index.name).second)
      return invalid("Duplicate index name: " + index.name);
    if (!definition.key.range) {
      return invalid(
          "Table KeySchema does not have a range key, which is required when specifying a "
          "LocalSecondaryIndex");
    }
    if (index.key.hash.name != definition.key.hash.name || !index.key.range) {
      return invalid(
          "Index KeySchema does not have the same leading hash key as table KeySchema for index: " +
          index.name + ". index hash key: " + index.key.hash.name +
          ", table hash key: " + definition.key.hash.name);
    }
    collect_key_names(index.key, used);
  }
  std::set<std::string> defined_names;
  for (const auto& [name, type] : defined) defined_names.insert(name);
  std::set<std::string> missing;
  for (const auto& name : used) {
    if (defined.count(name) == 0) missing.insert(name);
  }
  if (!missing.empty()) {
    return invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
                   join(missing) + "], AttributeDefinitions: [" + join(defined_names) + "]");
  }
  if (used.size() != defined.size()) {
    return invalid(
        "Number of attributes in KeySchema does not exactly match number of attributes defined in "
        "AttributeDefinitions");
  }
  for (const auto& [name, type] : defined) {
    if (type != ValueType::kS && type != ValueType::kN && type != ValueType::kB) {
      return invalid("Member must satisfy enum value set: [B, N, S]");
    }
  }
  return Status::ok();
}

Result<TableDescription> DynamoDbService::create_table(TableDefinition definition) {
  MemoryRegionScope region(MemoryRegion::kTables);
  if (tables_.count(definition.name) != 0) {
    return errors::resource_in_use("Table already exists: " + definition.name);
  }
  if (tables_.size() >= options_.table_limit) {
    return errors::limit_exceeded("Subscriber limit exceeded: Table limit of " +
                                  std::to_string(options_.table_limit) + " reached");
  }
  // The key attributes' types come from AttributeDefinitions.
  std::map<std::string, ValueType> types;
  for (const auto& attribute : definition.attribute_definitions)
    types[attribute.name] = attribute.type;
  const auto fill = [&types](KeySchema& key) {
    if (auto it = types.find(key.hash.name); it != types.end()) key.hash.type = it->second;
    if (key.range) {
      if (auto it = types.find(key.range->name); it != types.end()) key.range->type = it->second;
    }
  };
  fill(definition.key);
  for (auto& index : definition.global_indexes) fill(index.key);
  for (auto& index : definition.local_indexes) fill(index.key);
  STREAMLAB_RETURN_IF_ERROR(validate_definition(definition));

  auto table = std::make_unique<Table>();
  table->definition = definition;
  table->arn = options_.identity.dynamodb_table_arn(definition.name);
  table->incarnation = next_incarnation_++;
  table->created = scheduler_.now();
  table->items =
      options_.item_store ? options_.item_store(definition.name) : make_memory_item_store();
  for (const auto& index : definition.global_indexes) table->indexes.push_back({index, true, {}});
  for (const auto& index : definition.local_indexes) table->indexes.push_back({index, false, {}});
  Table& created = *table;
  tables_.emplace(definition.name, std::move(table));
  if (definition.stream) {
    STREAMLAB_RETURN_IF_ERROR(update_stream(definition.name, definition.stream).status());
  }
  scheduler_.schedule_after(options_.create_delay, "dynamodb CreateTable " + definition.name,
                            [this, name = definition.name, incarnation = created.incarnation] {
                              auto it = tables_.find(name);
                              if (it == tables_.end() || it->second->incarnation != incarnation)
                                return;
                              if (it->second->status == TableStatus::kCreating) {
                                it->second->status = TableStatus::kActive;
                                scheduler_.note("table " + name + " ACTIVE");
                              }
                            });
  return describe(created);
}

TableDescription DynamoDbService::describe(const Table& table) const {
  TableDescription out;
  out.definition = table.definition;
  out.definition.global_indexes.clear();
  out.definition.local_indexes.clear();
  out.definition.stream.reset();  // reported from the current stream below
  for (const auto& index : table.indexes) {
    (index.global ? out.definition.global_indexes : out.definition.local_indexes)
        .push_back(index.definition);
  }
  out.arn = table.arn;
  out.status = table.status;
  out.created = table.created;
  out.item_count = table.items->size();
  for (auto cursor = table.items->first(); cursor->valid(); cursor->next())
    out.size_bytes += item_size_bytes(cursor->item());  // on demand: rare
  if (!table.stream_arn.empty()) {
    const Stream& stream = *streams_.at(table.stream_arn);
    out.latest_stream_arn = stream.arn;
    out.latest_stream_label = stream.label;
    if (stream.enabled) out.definition.stream = stream.view_type;
  }
  return out;
}

Result<TableDescription> DynamoDbService::describe_table(std::string_view name) const {
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_table(name));
  return describe(*table);
}

std::vector<std::string> DynamoDbService::list_tables() const {
  std::vector<std::string> names;
  for (const auto& [name, table] : tables_) names.push_back(name);
  return names;
}

Result<TableDescription> DynamoDbService::delete_table(std::string_view name) {
  MemoryRegionScope region(MemoryRegion::kTables);
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_table(name));
  if (table->status == TableStatus::kCreating || table->status == TableStatus::kUpdating) {
    return errors::resource_in_use(
        "Attempt to change a resource which is still in use: Table is being " +
        std::string(table->status == TableStatus::kCreating ? "created" : "updated") + ": " +
        table->definition.name);
  }
  table->status = TableStatus::kDeleting;
  if (!table->stream_arn.empty()) streams_.at(table->stream_arn)->enabled = false;
  TableDescription out = describe(*table);
  scheduler_.schedule_after(
      options_.delete_delay, "dynamodb DeleteTable " + table->definition.name,
      [this, name = table->definition.name, incarnation = table->incarnation] {
        auto it = tables_.find(name);
        if (it == tables_.end() || it->second->incarnation != incarnation) return;
        tables_.erase(it);
        scheduler_.note("table " + name + " deleted");
      });
  return out;
}

Result<TableDescription> DynamoDbService::update_stream(std::string_view name,
                                                        std::optional<StreamViewType> view) {
  MemoryRegionScope region(MemoryRegion::kTables);
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_table(name));
  Stream* current = table->stream_arn.empty() ? nullptr : streams_.at(table->stream_arn).get();
  if (view) {
    if (current && current->enabled) {
      return errors::validation("Table already has an enabled stream: " + table->definition.name);
    }
    // A new stream gets a new label (its creation time), as on AWS.
    auto stream = std::make_unique<Stream>();
    std::string label = format_iso8601_millis(scheduler_.now());
    label.pop_back();  // AWS labels have no trailing Z
    stream->label = label;
    stream->arn = options_.identity.dynamodb_stream_arn(table->definition.name, label);
    while (streams_.count(stream->arn) != 0) stream->arn += "0";  // re-enabled within the same ms
    stream->table_name = table->definition.name;
    stream->view_type = *view;
    stream->created = scheduler_.now();
    table->stream_arn = stream->arn;
    streams_.emplace(stream->arn, std::move(stream));
  } else {
    if (!current || !current->enabled) {
      return errors::validation("Table already has stream disabled: " + table->definition.name);
    }
    current->enabled = false;
  }
  return describe(*table);
}

Result<TableDescription> DynamoDbService::create_global_index(
    std::string_view name, IndexDefinition index,
    const std::vector<KeyAttribute>& attribute_definitions) {
  MemoryRegionScope region(MemoryRegion::kTables);
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_table(name));
  if (table->status != TableStatus::kActive) {
    return errors::resource_in_use(
        "Attempt to change a resource which is still in use: Table is being updated: " +
        table->definition.name);
  }
  TableDefinition next = describe(*table).definition;
  for (const auto& attribute : attribute_definitions) {
    auto same = std::find_if(next.attribute_definitions.begin(), next.attribute_definitions.end(),
                             [&](const KeyAttribute& a) { return a.name == attribute.name; });
    if (same == next.attribute_definitions.end()) next.attribute_definitions.push_back(attribute);
  }
  for (const auto& attribute : next.attribute_definitions) {
    if (attribute.name == index.key.hash.name) index.key.hash.type = attribute.type;
    if (index.key.range && attribute.name == index.key.range->name)
      index.key.range->type = attribute.type;
  }
  next.global_indexes.push_back(index);
  STREAMLAB_RETURN_IF_ERROR(validate_definition(next));
  // Backfill the index from the existing items; a type mismatch fails the change.
  Table::Index built{index, true, {}};
  for (auto cursor = table->items->first(); cursor->valid(); cursor->next()) {
    STREAMLAB_ASSIGN_OR_RETURN(auto index_key,
                               index_key_of_item(index.key, cursor->item(), index.name));
    if (index_key) {
      built.entries.insert({std::move(*index_key), cursor->key(), false,
                            stored_index_view(table->definition.key, index, cursor->item())});
    }
  }
  table->definition.attribute_definitions = next.attribute_definitions;
  table->indexes.insert(
      table->indexes.begin() + static_cast<std::ptrdiff_t>(table->definition.global_indexes.size()),
      std::move(built));
  table->definition.global_indexes.push_back(index);
  return describe(*table);
}

Result<TableDescription> DynamoDbService::delete_global_index(std::string_view name,
                                                              std::string_view index_name) {
  MemoryRegionScope region(MemoryRegion::kTables);
  STREAMLAB_ASSIGN_OR_RETURN(Table * table, find_table(name));
  auto it =
      std::find_if(table->indexes.begin(), table->indexes.end(), [&](const Table::Index& index) {
        return index.global && index.definition.name == index_name;
      });
  if (it == table->indexes.end()) {
    return errors::resource_not_found(
        "Requested resource not found: Index: " + std::string(index_name) + " not found");
  }
  table->indexes.erase(it);
  auto& globals = table->definition.global_indexes;
  globals.erase(
      std::remove_if(globals.begin(), globals.end(),
                     [&](const IndexDefinition& index) { return index.name == index_name; }),
      globals.end());
  return describe(*table);
}

std::vector<std::string> DynamoDbService::list_stream_arns(std::string_view table_name) const {
  std::vector<std::string> out;
  for (const auto& [arn, stream] : streams_) {
    if (table_name.empty() || stream->table_name == table_name) out.push_back(arn);
  }
  return out;
}

std::optional<DynamoDbService::StreamView> DynamoDbService::stream(std::string_view stream_arn) {
  auto it = streams_.find(stream_arn);
  if (it == streams_.end()) return std::nullopt;
  Stream& stream = *it->second;
  // Stream records live for 24 hours (DynamoDB Streams developer guide).
  const TimePoint cutoff = scheduler_.now() - std::chrono::hours(24);
  while (!stream.records.empty() && stream.records.front().created < cutoff) {
    stream.records.pop_front();
    ++stream.first_index;
  }
  return StreamView{stream.table_name,  stream.arn,
                    stream.label,       stream.view_type,
                    stream.enabled,     stream.created,
                    stream.first_index, stream.first_index + stream.records.size()};
}

const StreamRecord& DynamoDbService::stream_record(std::string_view stream_arn,
                                                   std::size_t index) const {
  const Stream& stream = *streams_.find(stream_arn)->second;
  return stream.records.at(index - stream.first_index);
}

}  // namespace streamlab::dynamodb
