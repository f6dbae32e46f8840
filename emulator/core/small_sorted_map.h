// A string-keyed map for the handful of entries a request carries
// (ExpressionAttributeNames / ExpressionAttributeValues): one vector of pairs
// kept sorted by key, so building a request costs one allocation instead of a
// tree node per entry, lookups touch one cache line, and iteration is in key
// order like std::map's (check_substitutions walks it alongside sorted sets).
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/short_text.h"

namespace streamlab {

// `Key` is std::string, or a type made from a string_view and viewed as one
// (an interned name: find_key then compares keys as that type does).
template <typename V, typename Key = std::string>
class SmallSortedMap {
 public:
  using value_type = std::pair<Key, V>;
  using iterator = typename std::vector<value_type>::iterator;
  using const_iterator = typename std::vector<value_type>::const_iterator;

  SmallSortedMap() = default;
  // As std::map: of two entries with one key, the first is kept.
  SmallSortedMap(std::initializer_list<value_type> entries) { assign(entries); }
  SmallSortedMap& operator=(std::initializer_list<value_type> entries) {
    assign(entries);
    return *this;
  }

  iterator begin() { return entries_.begin(); }
  iterator end() { return entries_.end(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void clear() { entries_.clear(); }
  void reserve(std::size_t count) { entries_.reserve(count); }

  iterator find(std::string_view key) { return find_in(entries_, key); }
  const_iterator find(std::string_view key) const { return find_in(entries_, key); }
  bool contains(std::string_view key) const { return find(key) != end(); }
  // By Key's own equality (for interned keys, a pointer compare).
  const_iterator find_key(const Key& key) const {
    return std::find_if(entries_.begin(), entries_.end(),
                        [&key](const value_type& entry) { return entry.first == key; });
  }

  // Inserts when `key` is absent; the bool says whether it was.
  std::pair<iterator, bool> emplace(std::string_view key, V value) {
    auto at = lower_bound_in(entries_, key);
    if (at != entries_.end() && equal_short(at->first, key)) return {at, false};
    return {entries_.emplace(at, Key(key), std::move(value)), true};
  }
  V& operator[](std::string_view key) { return emplace(key, V{}).first->second; }

  bool operator==(const SmallSortedMap&) const = default;

 private:
  template <typename Entries>
  static auto lower_bound_in(Entries& entries, std::string_view key) {
    return std::lower_bound(entries.begin(), entries.end(), key,
                            [](const value_type& entry, std::string_view wanted) {
                              return compare_short(entry.first, wanted) < 0;
                            });
  }
  // A scan: the few entries are adjacent, and most differ in length.
  template <typename Entries>
  static auto find_in(Entries& entries, std::string_view key) {
    return std::find_if(entries.begin(), entries.end(),
                        [key](const value_type& entry) { return equal_short(entry.first, key); });
  }
  // Each entry goes where it belongs as it comes (an insertion sort: the
  // lists are a handful long, and std::stable_sort would allocate a buffer).
  void assign(std::initializer_list<value_type> entries) {
    entries_.clear();
    entries_.reserve(entries.size());
    for (const auto& entry : entries) {
      auto at = lower_bound_in(entries_, entry.first);
      if (at != entries_.end() && equal_short(at->first, entry.first)) continue;  // first wins
      entries_.insert(at, entry);
    }
  }

  std::vector<value_type> entries_;
};

}  // namespace streamlab
