// The in-memory ItemStore: an ordered map in primary-key order, plus a hash
// index over it (KeySlots) for find(): a write looks its item up first, and
// walking a tree of tens of thousands of cold nodes cost more than the write
// itself.
#include <map>

#include "emulator/dynamodb/item_store.h"
#include "emulator/dynamodb/key_slots.h"

namespace streamlab::dynamodb {
namespace {

using ItemMap = std::map<PrimaryKey, Item, PrimaryKeyLess>;

// The store's items by key: map entries stay put until erased.
struct ItemKeys {
  static const PrimaryKey& key(const ItemMap::value_type& entry) { return entry.first; }
  static std::uint64_t hash(const PrimaryKey& key) { return primary_key_hash(key); }
  static bool same(const PrimaryKey& x, const PrimaryKey& y) { return same_primary_key(x, y); }
};
using KeyIndex = KeySlots<ItemMap::value_type, ItemKeys>;

class MemoryCursor : public ItemStore::Cursor {
 public:
  MemoryCursor(const ItemMap& items, ItemMap::const_iterator at) : items_(items), at_(at) {}
  bool valid() const override { return at_ != items_.end(); }
  const PrimaryKey& key() const override { return at_->first; }
  const Item& item() const override { return at_->second; }
  void next() override { ++at_; }
  bool prev() override {
    if (at_ == items_.begin()) return false;
    --at_;
    return true;
  }

 private:
  const ItemMap& items_;
  ItemMap::const_iterator at_;
};

class MemoryItemStore : public ItemStore {
 public:
  const Item* find(const PrimaryKey& key) const override {
    const auto* entry = by_key_.find(key);
    return entry ? &entry->second : nullptr;
  }
  void put(const PrimaryKey& key, Item item) override {
    if (auto* entry = by_key_.find(key)) {
      entry->second = std::move(item);  // in place: pointers to it stay valid
      return;
    }
    by_key_.insert(&*items_.emplace(key, std::move(item)).first);
  }
  const Item* modify(const PrimaryKey& /*key*/, const Item* stored,
                     const std::function<void(Item&)>& change) override {
    // find() handed out the map's own (non-const) item: no second lookup.
    Item& item = const_cast<Item&>(*stored);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    change(item);
    return &item;
  }
  void erase(const PrimaryKey& key) override {
    const auto* entry = by_key_.find(key);
    if (!entry) return;
    by_key_.erase(entry);
    items_.erase(items_.find(entry->first));  // a tree walk, as erases are rare
  }
  std::size_t size() const override { return items_.size(); }
  std::unique_ptr<Cursor> first() const override {
    return std::make_unique<MemoryCursor>(items_, items_.begin());
  }
  std::unique_ptr<Cursor> lower_bound(const PrimaryKey& key) const override {
    return std::make_unique<MemoryCursor>(items_, items_.lower_bound(key));
  }
  std::unique_ptr<Cursor> upper_bound(const PrimaryKey& key) const override {
    return std::make_unique<MemoryCursor>(items_, items_.upper_bound(key));
  }

 private:
  ItemMap items_;
  KeyIndex by_key_;  // the same items
};

}  // namespace

std::unique_ptr<ItemStore> make_memory_item_store() { return std::make_unique<MemoryItemStore>(); }

}  // namespace streamlab::dynamodb
