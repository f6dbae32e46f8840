// The in-memory ItemStore: an ordered map in primary-key order, plus a hash
// index over it for find(): a write looks its item up first, and walking a
// tree of tens of thousands of cold nodes cost more than the write itself.
// The index is open addressing over one array of (hash, node) slots: a lookup
// reads one slot and then the node it wants, where a node-based hash set
// also reads a bucket and a node of its own, each a cache miss in a large
// table.
#include <map>
#include <vector>

#include "emulator/dynamodb/item_store.h"

namespace streamlab::dynamodb {
namespace {

using ItemMap = std::map<PrimaryKey, Item, PrimaryKeyLess>;

std::uint64_t key_hash(const PrimaryKey& key) {
  std::uint64_t h = key.partition_order;
  if (key.range) h = (h ^ partition_order(*key.range)) * 0x9e3779b97f4a7c15ULL;
  return h;
}

bool same_key(const PrimaryKey& x, const PrimaryKey& y) {
  if (x.partition_order != y.partition_order || x.range.has_value() != y.range.has_value())
    return false;
  return compare_key_values(x.hash, y.hash) == 0 &&
         (!x.range || compare_key_values(*x.range, *y.range) == 0);
}

// Linear probing with backward-shift erase (no tombstones), at most half
// full. A slot is 16 bytes: the key's hash and its map entry (null: empty),
// four to a cache line.
class KeyIndex {
 public:
  using Entry = ItemMap::value_type;

  Entry* find(const PrimaryKey& key) const {
    if (slots_.empty()) return nullptr;
    const std::uint64_t hash = key_hash(key);
    for (std::size_t at = home(hash);; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (!slot.entry) return nullptr;
      if (slot.hash == hash && same_key(slot.entry->first, key)) return slot.entry;
    }
  }
  // REQUIRES: the entry's key is not in the index.
  void insert(Entry* entry) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    place({key_hash(entry->first), entry});
    ++size_;
  }
  // REQUIRES: the entry is in the index.
  void erase(const Entry* entry) {
    std::size_t hole = home(key_hash(entry->first));
    while (slots_[hole].entry != entry) hole = (hole + 1) & mask_;
    // Moves back each later slot of the run that may live in the hole (its
    // home is not cyclically between the hole and it), so probes stay unbroken.
    for (std::size_t at = (hole + 1) & mask_; slots_[at].entry; at = (at + 1) & mask_) {
      const std::size_t wanted = home(slots_[at].hash);
      const bool stays =
          hole <= at ? (hole < wanted && wanted <= at) : (hole < wanted || wanted <= at);
      if (stays) continue;
      slots_[hole] = slots_[at];
      hole = at;
    }
    slots_[hole] = Slot{};
    --size_;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    Entry* entry = nullptr;  // a map node's value: stays put until erased
  };

  std::size_t home(std::uint64_t hash) const {
    return static_cast<std::size_t>(hash ^ (hash >> 32)) & mask_;
  }
  void place(const Slot& slot) {
    std::size_t at = home(slot.hash);
    while (slots_[at].entry) at = (at + 1) & mask_;
    slots_[at] = slot;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : 2 * old.size(), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.entry) place(slot);
    }
  }

  std::vector<Slot> slots_;  // a power of two in size
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

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
  const Item* modify(const PrimaryKey& key, const std::function<void(Item&)>& change) override {
    auto* entry = by_key_.find(key);
    if (!entry) return nullptr;
    change(entry->second);
    return &entry->second;
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
