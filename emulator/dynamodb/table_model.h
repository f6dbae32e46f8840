// Internal: the state of tables, indexes and streams. Only the service's own
// .cpp files include this.
#pragma once

#include <deque>
#include <span>

#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/dynamodb/index_entries.h"
#include "emulator/dynamodb/item_store.h"

namespace streamlab::dynamodb {

// The attributes an index holds for an item: the table's and the index's key
// attributes, plus INCLUDE attributes or everything for ALL.
Item index_view(const KeySchema& table_key, const IndexDefinition& index, const Item& item);
// The view an IndexEntry keeps for `item` (null for ALL projections).
// The hash value the partition of `index_key` stores, when it holds a text
// that `index_key` does not already share; null otherwise. Writes give the
// item and its entry a copy (the same bytes): a Query's partition value is
// read from an item, and copies of one text compare without reading it.
const AttributeValue* partition_text(const IndexEntries& entries, const PrimaryKey& index_key);

std::shared_ptr<IndexView> stored_index_view(const KeySchema& table_key,
                                             const IndexDefinition& index, const Item& item);

struct DynamoDbService::Table {
  struct Index {
    IndexDefinition definition;
    bool global = true;
    IndexEntries entries;  // items lacking an index key are absent
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

// After a write that leaves the item's entry in `index` where it is: gives the
// entry the item's new projected copy (nothing for ALL projections or items
// the index does not hold).
void refresh_index_view(const KeySchema& table_key, const IndexDefinition& index,
                        IndexEntries& entries, const PrimaryKey& key, const Item& item);
// The same after a write that changed only the attributes named in `changed`
// (the item's entry in `index` staying where it is): only those the index
// projects are copied, and an index that projects none is not touched.
void refresh_index_view(const KeySchema& table_key, const IndexDefinition& index,
                        IndexEntries& entries, const PrimaryKey& key, const Item& item,
                        std::span<const AttributeName* const> changed);

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
