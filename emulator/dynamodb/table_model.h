// Internal: the state of tables, indexes and streams. Only the service's own
// .cpp files include this.
#pragma once

#include <deque>
#include <set>

#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/dynamodb/item_store.h"

namespace streamlab::dynamodb {

struct IndexView {
  Item item;
  std::size_t size_bytes = 0;  // item_size_bytes(item): what reading it counts toward 1 MB
};

struct IndexEntry {
  PrimaryKey index_key;
  PrimaryKey base_key;
  bool before_all_bases = false;  // a search probe: sorts before every entry with this index key
  // The item as a KEYS_ONLY or INCLUDE index holds it (index_view), rewritten
  // on every write to the item, as DynamoDB propagates writes to its indexes;
  // Query reads it without touching the table. Null for ALL projections (the
  // table's item is the view). Not part of the order, so it may change in the set.
  mutable std::shared_ptr<const IndexView> view;
};

// The attributes an index holds for an item: the table's and the index's key
// attributes, plus INCLUDE attributes or everything for ALL.
Item index_view(const KeySchema& table_key, const IndexDefinition& index, const Item& item);
// The view an IndexEntry keeps for `item` (null for ALL projections).
std::shared_ptr<const IndexView> stored_index_view(const KeySchema& table_key,
                                                   const IndexDefinition& index, const Item& item);

struct IndexEntryLess {
  bool operator()(const IndexEntry& a, const IndexEntry& b) const {
    // One three-way comparison of the index keys: entries of one partition
    // share them, and comparing long equal strings twice was half the cost.
    if (const int c = compare_primary_keys(a.index_key, b.index_key); c != 0) return c < 0;
    if (a.before_all_bases != b.before_all_bases) return a.before_all_bases;
    if (a.before_all_bases) return false;
    return compare_primary_keys(a.base_key, b.base_key) < 0;
  }
};

struct DynamoDbService::Table {
  struct Index {
    IndexDefinition definition;
    bool global = true;
    std::set<IndexEntry, IndexEntryLess> entries;  // items lacking an index key are absent
  };

  TableDefinition definition;
  std::string arn;
  std::uint64_t incarnation = 0;
  TableStatus status = TableStatus::kCreating;
  TimePoint created;
  std::unique_ptr<ItemStore> items;  // in primary-key order
  std::vector<Index> indexes;        // GSIs then LSIs
  std::string stream_arn;            // the current stream, "" when none was ever enabled

  const Index* find_index(std::string_view name) const {
    for (const auto& index : indexes) {
      if (index.definition.name == name) return &index;
    }
    return nullptr;
  }
};

struct DynamoDbService::Stream {
  std::string arn;
  std::string label;
  std::string table_name;
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
  bool enabled = true;
  TimePoint created;
  std::deque<StreamRecord> records;
  std::size_t first_index = 0;  // index of records.front()
  std::uint64_t next_sequence = 1;
};

// What Query and Scan read: a table or index, in which direction, from where.
struct DynamoDbService::ReadPlan {
  const Table::Index* index = nullptr;                    // null: the table
  std::optional<AttributeValue> partition;                // Query: the hash value
  const expressions::Condition* key_condition = nullptr;  // Query: evaluated per item
  const expressions::Condition* filter = nullptr;
  const std::vector<expressions::Path>* projection = nullptr;
  const Substitutions* substitutions = nullptr;
  bool forward = true;
  std::optional<std::size_t> limit;
  Select select = Select::kAllAttributes;
  std::optional<Item> exclusive_start_key;
  std::optional<std::pair<std::uint64_t, std::uint64_t>>
      partition_order_range;  // Scan segments [lo, hi]
};

}  // namespace streamlab::dynamodb
