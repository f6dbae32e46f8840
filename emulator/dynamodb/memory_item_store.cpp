// The in-memory ItemStore: an ordered map in primary-key order.
#include <map>

#include "emulator/dynamodb/item_store.h"

namespace streamlab::dynamodb {
namespace {

using ItemMap = std::map<PrimaryKey, Item, PrimaryKeyLess>;

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
    auto it = items_.find(key);
    return it == items_.end() ? nullptr : &it->second;
  }
  void put(const PrimaryKey& key, Item item) override {
    auto it = items_.find(key);
    if (it == items_.end()) {
      items_.emplace(key, std::move(item));
    } else {
      it->second = std::move(item);  // in place: pointers to it stay valid
    }
  }
  void erase(const PrimaryKey& key) override { items_.erase(key); }
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
};

}  // namespace

std::unique_ptr<ItemStore> make_memory_item_store() { return std::make_unique<MemoryItemStore>(); }

}  // namespace streamlab::dynamodb
