// A SmallSortedMap whose copies share one set of entries until one of them is
// changed (copy on write). For ExpressionAttributeNames: a function copies the
// same constant names map into every request it sends, and copies that
// allocated the entries and their longer strings again each time were 2 % of
// a topology run's instructions. A copy costs one reference count; two maps that
// share their entries compare equal without reading them.
#pragma once

#include <initializer_list>
#include <memory>
#include <string_view>
#include <utility>

#include "emulator/core/small_sorted_map.h"

namespace streamlab {

template <typename V, typename Key = std::string>
class SharedSortedMap {
  using Map = SmallSortedMap<V, Key>;

 public:
  using value_type = typename Map::value_type;
  // Entries change only through emplace / operator[], which unshare first.
  using const_iterator = typename Map::const_iterator;
  using iterator = const_iterator;

  SharedSortedMap() = default;
  SharedSortedMap(std::initializer_list<value_type> entries)
      : map_(std::make_shared<Map>(entries)) {}
  SharedSortedMap& operator=(std::initializer_list<value_type> entries) {
    map_ = std::make_shared<Map>(entries);
    return *this;
  }

  const_iterator begin() const { return map().begin(); }
  const_iterator end() const { return map().end(); }
  std::size_t size() const { return map().size(); }
  bool empty() const { return map().empty(); }
  const_iterator find(std::string_view key) const { return map().find(key); }
  bool contains(std::string_view key) const { return map().contains(key); }
  const_iterator find_key(const Key& key) const { return map().find_key(key); }

  std::pair<const_iterator, bool> emplace(std::string_view key, V value) {
    auto [at, inserted] = own().emplace(key, std::move(value));
    return {at, inserted};
  }
  V& operator[](std::string_view key) { return own()[key]; }
  void clear() { map_.reset(); }
  void reserve(std::size_t count) { own().reserve(count); }

  // True when both share one set of entries (or both are empty): a copy of
  // this map and not changed since.
  bool shares_entries_with(const SharedSortedMap& other) const {
    return map_ == other.map_ || (empty() && other.empty());
  }
  bool operator==(const SharedSortedMap& other) const {
    return shares_entries_with(other) || map() == other.map();
  }

 private:
  static const Map& empty_map() {
    static const Map kEmpty;
    return kEmpty;
  }
  const Map& map() const { return map_ ? *map_ : empty_map(); }
  // The entries, this map's alone. use_count() is exact here: only this map
  // holds a reference when it is 1, so no other thread can be copying it.
  Map& own() {
    if (!map_) {
      map_ = std::make_shared<Map>();
    } else if (map_.use_count() > 1) {
      map_ = std::make_shared<Map>(*map_);
    }
    return *map_;
  }

  std::shared_ptr<Map> map_;
};

}  // namespace streamlab
