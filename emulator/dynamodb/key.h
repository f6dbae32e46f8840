// Key schemas, primary keys and their deterministic order.
//
// Items are ordered by partition, then sort key. The partition order is a
// fixed 64-bit hash of the partition key (pseudo-random like DynamoDB's, but
// the same in every run), so Scan order is deterministic; within a partition
// items are sorted by sort key (strings and binaries by bytes, numbers by value).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/core/status.h"
#include "emulator/dynamodb/attribute_value.h"

namespace streamlab::dynamodb {

struct KeyAttribute {
  AttributeName name;              // interned: items are searched for it by pointer
  ValueType type = ValueType::kS;  // S, N or B
};

struct KeySchema {
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
};

struct PrimaryKey {
  std::uint64_t partition_order = 0;
  AttributeValue hash;
  std::optional<AttributeValue> range;
  bool before_partition_order =
      false;  // a search probe: before every key with this partition order
};

// Orders S/B by bytes and N by value. REQUIRES: a and b of the same key type.
int compare_key_values(const AttributeValue& a, const AttributeValue& b);
// A coarser order of key values of one type, in 64 bits: if a sorts before b
// (compare_key_values), key_prefix(a) <= key_prefix(b). S/B: the first eight
// bytes, big-endian, zero-padded; N: Decimal::order_prefix.
std::uint64_t key_prefix(const AttributeValue& value);
std::uint64_t partition_order(const AttributeValue& hash);

// <0, 0 or >0 as a sorts before, with or after b (the order below).
int compare_primary_keys(const PrimaryKey& a, const PrimaryKey& b);

// A hash equal keys share: the partition order, mixed with the range's.
std::uint64_t primary_key_hash(const PrimaryKey& key);
// Whether two keys (not probes) are equal, the cheap comparisons first.
bool same_primary_key(const PrimaryKey& x, const PrimaryKey& y);

struct PrimaryKeyLess {
  bool operator()(const PrimaryKey& a, const PrimaryKey& b) const;
};

// Builds the primary key of a full item; errors as DynamoDB words them
// ("One or more parameter values were invalid: Missing the key id in the item").
Result<PrimaryKey> key_of_item(const KeySchema& schema, const Item& item);
// Builds the key from a request's Key map, which must hold exactly the key
// attributes ("The provided key element does not match the schema").
Result<PrimaryKey> key_from_request(const KeySchema& schema, const Item& key);
// The key attributes of an item, as a map (for Keys, LastEvaluatedKey).
Item key_attributes(const KeySchema& schema, const Item& item);
// For index keys: the item's key under `schema`, or nullopt when it lacks an
// index key attribute (then it is not in the index). Type mismatches are errors.
Result<std::optional<PrimaryKey>> index_key_of_item(const KeySchema& schema, const Item& item,
                                                    const std::string& index_name);
// The same from the key attributes' values (null when absent), for an item
// not built yet (an update's result).
Result<std::optional<PrimaryKey>> index_key_of_values(const KeySchema& schema,
                                                      const AttributeValue* hash,
                                                      const AttributeValue* range,
                                                      const std::string& index_name);

}  // namespace streamlab::dynamodb
