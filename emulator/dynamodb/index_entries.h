// Internal: the entries of one secondary index, in index order.
//
// Index order is (partition order, hash value, range value, base-table key),
// as IndexEntryLess says. The entries are grouped by partition: an ordered
// map of partitions, each a sorted array of pointers to its entries. A Query
// reads one partition as a contiguous run (no per-entry comparison of the
// often long hash value). Two hash indexes spare the common operations a walk
// down the map (a dozen cold nodes, each compared on a long hash value) and a
// search of the run: partitions by hash value, and entries by base-table key — an
// item has at most one entry in an index, so a write that keeps its index key
// finds its entry directly. The interface is a subset of std::set (find()
// and erase() by entry are what the set-model test checks; the service
// writes through entry_of, erase_item and move, which go by base-table key),
// and iterators are invalidated by inserting or erasing.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "emulator/dynamodb/key.h"
#include "emulator/dynamodb/key_slots.h"

namespace streamlab::dynamodb {

struct IndexView {
  Item item;
  std::size_t size_bytes = 0;  // item_size_bytes(item): what reading it counts toward 1 MB
};

struct IndexEntry {
  PrimaryKey index_key;
  PrimaryKey base_key;
  bool before_all_bases = false;  // a search probe: sorts before every entry with this index key
  // The item as a KEYS_ONLY or INCLUDE index holds it (index_view), rewritten
  // on every write to the item, as DynamoDB propagates writes to its indexes;
  // Query reads it without touching the table. Null for ALL projections (the
  // table's item is the view). Not part of the order, so it may change in
  // place — rewritten where it is when no Query result shares it.
  mutable std::shared_ptr<IndexView> view;
};

// The index order of two entries (probes included).
struct IndexEntryLess {
  bool operator()(const IndexEntry& a, const IndexEntry& b) const;
};

class IndexEntries {
  // Partitions are keyed by an index key without its range (partition order
  // and hash value); the comparison ignores ranges, so any entry's index key
  // finds its partition.
  struct PartitionLess {
    bool operator()(const PrimaryKey& a, const PrimaryKey& b) const;
  };
  // One entry of a partition, with the first thing its order compares: the
  // range value's key_prefix, or without a range key the base key's
  // partition order. Searches compare these copies, reading the run's
  // contiguous slots, and touch the (cold) entries only among equal ones —
  // one or two entries instead of every one a binary search passes.
  struct Slot {
    std::uint64_t order;  // slot_order(*entry)
    std::unique_ptr<IndexEntry> entry;
  };
  static std::uint64_t slot_order(const IndexEntry& entry) {
    return entry.index_key.range ? key_prefix(*entry.index_key.range)
                                 : entry.base_key.partition_order;
  }
  using Run = std::vector<Slot>;  // one partition, sorted
  using Partitions = std::map<PrimaryKey, Run, PartitionLess>;
  using Partition = Partitions::value_type;
  // Partitions by their hash value (ranges ignored, as PartitionLess does).
  struct PartitionKeys {
    static const PrimaryKey& key(const Partition& partition) { return partition.first; }
    static std::uint64_t hash(const PrimaryKey& key) { return key.partition_order; }
    static bool same(const PrimaryKey& x, const PrimaryKey& y) {
      return x.partition_order == y.partition_order && compare_key_values(x.hash, y.hash) == 0;
    }
  };
  // Entries by their base-table key.
  struct BaseKeys {
    static const PrimaryKey& key(const IndexEntry& entry) { return entry.base_key; }
    static std::uint64_t hash(const PrimaryKey& key) { return primary_key_hash(key); }
    static bool same(const PrimaryKey& x, const PrimaryKey& y) { return same_primary_key(x, y); }
  };

 public:
  class const_iterator {
   public:
    const_iterator() = default;
    const IndexEntry& operator*() const { return *partition_->second[position_].entry; }
    const IndexEntry* operator->() const { return partition_->second[position_].entry.get(); }
    const_iterator& operator++();
    const_iterator& operator--();
    bool operator==(const const_iterator& other) const {
      return partition_ == other.partition_ && position_ == other.position_;
    }

   private:
    friend class IndexEntries;
    const_iterator(Partitions::const_iterator partition, std::size_t position)
        : partition_(partition), position_(position) {}
    Partitions::const_iterator partition_;
    std::size_t position_ = 0;  // 0 at end()
  };
  using iterator = const_iterator;

  const_iterator begin() const { return {partitions_.begin(), 0}; }
  const_iterator end() const { return {partitions_.end(), 0}; }
  std::size_t size() const { return size_; }

  // As std::set's, for entries and probes.
  const_iterator find(const IndexEntry& key) const;
  const_iterator lower_bound(const IndexEntry& key) const;
  const_iterator upper_bound(const IndexEntry& key) const;
  // Never replaces; returns the entry with the key and whether it is new.
  // REQUIRES: no entry with another index key has the entry's base key.
  std::pair<const IndexEntry*, bool> insert(IndexEntry entry);
  std::size_t erase(const IndexEntry& key);
  // The hash value of the partition `index_key` belongs to, as the index
  // stores it; null when the index has no such partition. A writer gives the
  // item (and the entry) a copy of it: copies of one text compare equal
  // without reading it, and a Query's partition value, read from an item,
  // is then such a copy of the partition's.
  const AttributeValue* partition_value(const PrimaryKey& index_key) const {
    const Partition* found = partition_of(index_key);
    return found ? &found->first.hash : nullptr;
  }
  // The entry of the base-table item `base_key`; null when the item has none.
  const IndexEntry* entry_of(const PrimaryKey& base_key) const { return by_base_.find(base_key); }
  // Removes the entry of the item `base_key`; 0 when it has none.
  std::size_t erase_item(const PrimaryKey& base_key);
  // Gives the entry of the item `base_key` the index key `to` and the view
  // `view`, or inserts one when the item has none: what erase_item and then
  // insert({to, base_key, false, view}) do, but an entry that stays in its
  // partition moves only past the entries between its old and new places.
  // (A leaderboard score changes by a little at a time; erasing and
  // inserting shifted half of its partition, twice.)
  void move(const PrimaryKey& base_key, PrimaryKey to, std::shared_ptr<IndexView> view);

  // Calls visit(entry) for the entries whose index key has `key`'s partition
  // order and hash value, in order, while it returns true.
  //
  // The entries, their views and the views' attributes are separate cold
  // blocks; reading them one row after another waits for each miss in turn.
  // So the rows ahead are requested early, a stage at a time: the entry six
  // rows ahead, the view of the entry four ahead (fetched two rows ago), the
  // attributes of the view two ahead (fetched two rows ago). An entry spans
  // several cache lines; what a row reads of it is its view pointer (or, for
  // ALL projections, its base key), so those are the lines requested.
  template <typename Visit>
  void for_each_in_partition(const PrimaryKey& key, Visit&& visit) const {
    for_each_in_partition(
        key, [](std::size_t) {}, visit);
  }
  // The same, telling `sized` how many entries the partition has first (a
  // reader reserves room for its rows).
  template <typename Sized, typename Visit>
  void for_each_in_partition(const PrimaryKey& key, Sized&& sized, Visit&& visit) const {
    const Partition* found = partition_of(key);
    if (!found) return;
    const Run& run = found->second;
    const std::size_t size = run.size();
    sized(size);
    for (std::size_t i = 0; i < size && i < 6; ++i) prefetch_entry(*run[i].entry);
    for (std::size_t i = 0; i < size && i < 4; ++i) prefetch_view(*run[i].entry);
    for (std::size_t i = 0; i < size && i < 2; ++i) prefetch_attributes(*run[i].entry);
    for (std::size_t i = 0; i < size; ++i) {
      if (i + 6 < size) prefetch_entry(*run[i + 6].entry);
      if (i + 4 < size) prefetch_view(*run[i + 4].entry);
      if (i + 2 < size) prefetch_attributes(*run[i + 2].entry);
      if (!visit(*run[i].entry)) return;
    }
  }

 private:
  static void prefetch_entry(const IndexEntry& entry) {  // takes its address, reads nothing
    // An entry is not line-aligned: its view pointer may straddle two lines.
    const auto* view = reinterpret_cast<const char*>(&entry.view);
    __builtin_prefetch(view);
    __builtin_prefetch(view + sizeof(entry.view) - 1);
    __builtin_prefetch(&entry.base_key);
  }
  static void prefetch_view(const IndexEntry& entry) {
    if (entry.view) __builtin_prefetch(entry.view.get());
  }
  static void prefetch_attributes(const IndexEntry& entry) {
    if (entry.view) entry.view->item.prefetch();
  }
  // The partition of `index_key` (its range ignored); null when there is none
  // or the key is a probe before a partition order.
  Partition* partition_of(const PrimaryKey& index_key) const {
    return index_key.before_partition_order ? nullptr : partition_slots_.find(index_key);
  }
  // The entry equal to `key` (not a probe) and its partition; nulls when absent.
  std::pair<Partition*, IndexEntry*> located(const IndexEntry& key) const;
  // Removes `entry`, which is in `partition`.
  void erase_entry(Partition& partition, const IndexEntry& entry);
  // The slot of `entry` in `run`, found by its order and then its address,
  // without reading other entries. REQUIRES: the entry is in the run.
  static Run::iterator slot_of(Run& run, const IndexEntry& entry);
  // The first entry not before `key` (after it, if `after_equal`).
  const_iterator bound(const IndexEntry& key, bool after_equal) const;
  // The same within one partition's run, or a part of one.
  static Run::const_iterator position_in(const Run& run, const IndexEntry& key, bool after_equal) {
    return position_in(run.begin(), run.end(), key, after_equal);
  }
  static Run::const_iterator position_in(Run::const_iterator begin, Run::const_iterator end,
                                         const IndexEntry& key, bool after_equal);
  // Steps past the end of a partition into the next one.
  const_iterator normalized(Partitions::const_iterator partition, std::size_t position) const;

  Partitions partitions_;                               // never holds an empty run
  KeySlots<Partition, PartitionKeys> partition_slots_;  // the same partitions
  KeySlots<IndexEntry, BaseKeys> by_base_;              // every entry
  std::size_t size_ = 0;
};

}  // namespace streamlab::dynamodb
