// ItemStore: where a table's items live — the storage seam (LevelDB's Env for
// DynamoDB items). The service keeps indexes and streams itself and asks the
// store only to find, write (whole or changed in place), erase and iterate
// items in primary-key order (PrimaryKeyLess: partitions in a fixed
// pseudo-random order of their hash key, range keys sorted within one), which
// is the order Query and Scan return. make_memory_item_store() is the
// in-memory store scenarios use; a durable store (SQLite, for `serve`)
// implements the same interface.
//
// Contract for implementations:
//   - find() returns a pointer that stays valid until that key is written or
//     erased (transactions hold several at once);
//   - cursors see the store as it was when they were made and are used before
//     the next mutation.
// Thread-safety: none; the service calls it on the scheduler's thread.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "emulator/dynamodb/attribute_value.h"
#include "emulator/dynamodb/key.h"

namespace streamlab::dynamodb {

class ItemStore {
 public:
  // A position in key order; invalid once past the last item.
  class Cursor {
   public:
    virtual ~Cursor() = default;
    virtual bool valid() const = 0;
    virtual const PrimaryKey& key() const = 0;  // REQUIRES: valid()
    virtual const Item& item() const = 0;       // REQUIRES: valid()
    virtual void next() = 0;                    // REQUIRES: valid()
    // Steps back; from past-the-end to the last item. False (and no move)
    // at the first item or in an empty store.
    virtual bool prev() = 0;
  };

  virtual ~ItemStore() = default;

  virtual const Item* find(const PrimaryKey& key) const = 0;  // null when absent
  virtual void put(const PrimaryKey& key, Item item) = 0;     // inserts or replaces
  virtual void erase(const PrimaryKey& key) = 0;
  // Changes the stored item for `key` through `change`; the key attributes
  // must stay as they are. `stored` is what find(key) returned (not null), so
  // the store need not look the item up again. Returns the item as find() would.
  virtual const Item* modify(const PrimaryKey& key, const Item* stored,
                             const std::function<void(Item&)>& change) = 0;
  virtual std::size_t size() const = 0;

  virtual std::unique_ptr<Cursor> first() const = 0;
  // The first item whose key is ≥ `key` (lower_bound) or > `key` (upper_bound).
  virtual std::unique_ptr<Cursor> lower_bound(const PrimaryKey& key) const = 0;
  virtual std::unique_ptr<Cursor> upper_bound(const PrimaryKey& key) const = 0;
};

std::unique_ptr<ItemStore> make_memory_item_store();

}  // namespace streamlab::dynamodb
