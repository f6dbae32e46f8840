// The in-memory ItemStore: an ordered map in primary-key order, plus a hash
// index over it for find(): a write looks its item up first, and walking a
// tree of tens of thousands of cold nodes cost more than the write itself.
#include <map>
#include <unordered_set>

#include "emulator/dynamodb/item_store.h"

namespace streamlab::dynamodb {
namespace {

using ItemMap = std::map<PrimaryKey, Item, PrimaryKeyLess>;

// Hash and equality of primary keys, for the index (whose elements are the
// map's nodes: their addresses stay put until erased) and for lookups by key.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(const PrimaryKey& key) const {
    std::uint64_t h = key.partition_order;
    if (key.range) h = (h ^ partition_order(*key.range)) * 0x9e3779b97f4a7c15ULL;
    return static_cast<std::size_t>(h);
  }
  std::size_t operator()(ItemMap::iterator it) const { return (*this)(it->first); }
};

struct KeyEqual {
  using is_transparent = void;
  static const PrimaryKey& key(const PrimaryKey& key) { return key; }
  static const PrimaryKey& key(ItemMap::iterator it) { return it->first; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    const PrimaryKey& x = key(a);
    const PrimaryKey& y = key(b);
    if (x.partition_order != y.partition_order || x.range.has_value() != y.range.has_value())
      return false;
    return compare_key_values(x.hash, y.hash) == 0 &&
           (!x.range || compare_key_values(*x.range, *y.range) == 0);
  }
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
    auto found = by_key_.find(key);
    return found == by_key_.end() ? nullptr : &(*found)->second;
  }
  void put(const PrimaryKey& key, Item item) override {
    if (auto found = by_key_.find(key); found != by_key_.end()) {
      (*found)->second = std::move(item);  // in place: pointers to it stay valid
      return;
    }
    by_key_.insert(items_.emplace(key, std::move(item)).first);
  }
  void modify(const PrimaryKey& key, const std::function<void(Item&)>& change) override {
    if (auto found = by_key_.find(key); found != by_key_.end()) change((*found)->second);
  }
  void erase(const PrimaryKey& key) override {
    auto found = by_key_.find(key);
    if (found == by_key_.end()) return;
    const ItemMap::iterator node = *found;
    by_key_.erase(found);
    items_.erase(node);
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
  std::unordered_set<ItemMap::iterator, KeyHash, KeyEqual> by_key_;  // the same items
};

}  // namespace

std::unique_ptr<ItemStore> make_memory_item_store() { return std::make_unique<MemoryItemStore>(); }

}  // namespace streamlab::dynamodb
