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

// Linear probing with backward-shift erase (no tombstones), at most half full.
class KeyIndex {
 public:
  ItemMap::iterator find(const PrimaryKey& key, ItemMap::iterator none) const {
    if (slots_.empty()) return none;
    const std::uint64_t hash = key_hash(key);
    for (std::size_t at = home(hash);; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (!slot.used) return none;
      if (slot.hash == hash && same_key(slot.node->first, key)) return slot.node;
    }
  }
  // REQUIRES: node's key is not in the index.
  void insert(ItemMap::iterator node) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    place({key_hash(node->first), node, true});
    ++size_;
  }
  // REQUIRES: node's key is in the index.
  void erase(ItemMap::iterator node) {
    std::size_t hole = home(key_hash(node->first));
    while (slots_[hole].node != node) hole = (hole + 1) & mask_;
    // Moves back each later slot of the run that may live in the hole (its
    // home is not cyclically between the hole and it), so probes stay unbroken.
    for (std::size_t at = (hole + 1) & mask_; slots_[at].used; at = (at + 1) & mask_) {
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
    ItemMap::iterator node{};
    bool used = false;
  };

  std::size_t home(std::uint64_t hash) const {
    return static_cast<std::size_t>(hash ^ (hash >> 32)) & mask_;
  }
  void place(const Slot& slot) {
    std::size_t at = home(slot.hash);
    while (slots_[at].used) at = (at + 1) & mask_;
    slots_[at] = slot;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : 2 * old.size(), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.used) place(slot);
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
    auto found = by_key_.find(key, items_end());
    return found == items_.end() ? nullptr : &found->second;
  }
  void put(const PrimaryKey& key, Item item) override {
    if (auto found = by_key_.find(key, items_.end()); found != items_.end()) {
      found->second = std::move(item);  // in place: pointers to it stay valid
      return;
    }
    by_key_.insert(items_.emplace(key, std::move(item)).first);
  }
  const Item* modify(const PrimaryKey& key, const std::function<void(Item&)>& change) override {
    auto found = by_key_.find(key, items_.end());
    if (found == items_.end()) return nullptr;
    change(found->second);
    return &found->second;
  }
  void erase(const PrimaryKey& key) override {
    auto found = by_key_.find(key, items_.end());
    if (found == items_.end()) return;
    by_key_.erase(found);
    items_.erase(found);
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
  // The index holds mutable iterators; find() is const to its callers.
  ItemMap::iterator items_end() const { return const_cast<ItemMap&>(items_).end(); }

  ItemMap items_;
  KeyIndex by_key_;  // the same items
};

}  // namespace

std::unique_ptr<ItemStore> make_memory_item_store() { return std::make_unique<MemoryItemStore>(); }

}  // namespace streamlab::dynamodb
