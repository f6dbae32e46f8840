#include "emulator/dynamodb/index_entries.h"

#include <algorithm>
#include <iterator>

namespace streamlab::dynamodb {

namespace {

// Missing ranges (probes for a whole partition) sort first, as in compare_primary_keys.
int compare_ranges(const PrimaryKey& a, const PrimaryKey& b) {
  if (!a.range || !b.range) {
    if (a.range.has_value() == b.range.has_value()) return 0;
    return a.range ? 1 : -1;
  }
  return compare_key_values(*a.range, *b.range);
}

// IndexEntryLess for two entries of one partition: the hash values are equal.
bool less_in_partition(const IndexEntry& a, const IndexEntry& b) {
  if (const int c = compare_ranges(a.index_key, b.index_key); c != 0) return c < 0;
  if (a.before_all_bases != b.before_all_bases) return a.before_all_bases;
  if (a.before_all_bases) return false;
  return compare_primary_keys(a.base_key, b.base_key) < 0;
}

}  // namespace

IndexEntries::Run::const_iterator IndexEntries::position_in(Run::const_iterator begin,
                                                            Run::const_iterator end,
                                                            const IndexEntry& key,
                                                            bool after_equal) {
  const auto passes = [&key, after_equal](const Slot& slot) {  // slot before the answer
    return after_equal ? !less_in_partition(key, *slot.entry) : less_in_partition(*slot.entry, key);
  };
  // A probe before all bases, or one without a range in a ranged run, does
  // not sort by the slots' orders.
  if (key.before_all_bases || begin == end ||
      key.index_key.range.has_value() != begin->entry->index_key.range.has_value()) {
    return std::partition_point(begin, end, passes);
  }
  // Slots of a smaller order sort before the key, of a larger one after it:
  // only those of the key's order are compared in full.
  const std::uint64_t order = slot_order(key);
  const auto first =
      std::lower_bound(begin, end, order,
                       [](const Slot& slot, std::uint64_t wanted) { return slot.order < wanted; });
  const auto last = std::upper_bound(first, end, order, [](std::uint64_t wanted, const Slot& slot) {
    return wanted < slot.order;
  });
  return std::partition_point(first, last, passes);
}

bool IndexEntryLess::operator()(const IndexEntry& a, const IndexEntry& b) const {
  // One three-way comparison of the index keys: entries of one partition
  // share them, and comparing long equal strings twice was half the cost.
  if (const int c = compare_primary_keys(a.index_key, b.index_key); c != 0) return c < 0;
  if (a.before_all_bases != b.before_all_bases) return a.before_all_bases;
  if (a.before_all_bases) return false;
  return compare_primary_keys(a.base_key, b.base_key) < 0;
}

bool IndexEntries::PartitionLess::operator()(const PrimaryKey& a, const PrimaryKey& b) const {
  if (a.partition_order != b.partition_order) return a.partition_order < b.partition_order;
  if (a.before_partition_order || b.before_partition_order)
    return a.before_partition_order && !b.before_partition_order;
  return compare_key_values(a.hash, b.hash) < 0;
}

IndexEntries::const_iterator& IndexEntries::const_iterator::operator++() {
  if (++position_ == partition_->second.size()) {
    ++partition_;
    position_ = 0;
  }
  return *this;
}

IndexEntries::const_iterator& IndexEntries::const_iterator::operator--() {
  if (position_ == 0) {
    --partition_;
    position_ = partition_->second.size();
  }
  --position_;
  return *this;
}

IndexEntries::const_iterator IndexEntries::normalized(Partitions::const_iterator partition,
                                                      std::size_t position) const {
  if (partition != partitions_.end() && position == partition->second.size()) {
    ++partition;
    position = 0;
  }
  return {partition, position};
}

IndexEntries::const_iterator IndexEntries::bound(const IndexEntry& key, bool after_equal) const {
  auto partition = partitions_.lower_bound(key.index_key);
  if (partition == partitions_.end() || PartitionLess()(key.index_key, partition->first)) {
    return {partition, 0};  // key's partition is absent: the next one starts here
  }
  const Run& run = partition->second;
  auto position = position_in(run, key, after_equal);
  return normalized(partition, static_cast<std::size_t>(position - run.begin()));
}

IndexEntries::const_iterator IndexEntries::lower_bound(const IndexEntry& key) const {
  return bound(key, false);
}

IndexEntries::const_iterator IndexEntries::upper_bound(const IndexEntry& key) const {
  return bound(key, true);
}

IndexEntries::const_iterator IndexEntries::find(const IndexEntry& key) const {
  auto partition = partitions_.find(key.index_key);
  if (partition == partitions_.end()) return end();
  const Run& run = partition->second;
  auto position = position_in(run, key, false);
  if (position == run.end() || less_in_partition(key, *position->entry)) return end();
  return {partition, static_cast<std::size_t>(position - run.begin())};
}

std::pair<IndexEntries::Partition*, IndexEntry*> IndexEntries::located(
    const IndexEntry& key) const {
  if (key.before_all_bases) return {nullptr, nullptr};  // a probe equals no entry
  IndexEntry* entry = by_base_.find(key.base_key);
  if (!entry || compare_primary_keys(entry->index_key, key.index_key) != 0)
    return {nullptr, nullptr};
  return {partition_of(entry->index_key), entry};
}

IndexEntries::Run::iterator IndexEntries::slot_of(Run& run, const IndexEntry& entry) {
  const std::uint64_t order = slot_order(entry);
  auto at =
      std::lower_bound(run.begin(), run.end(), order,
                       [](const Slot& slot, std::uint64_t wanted) { return slot.order < wanted; });
  while (at->entry.get() != &entry) ++at;
  return at;
}

std::pair<const IndexEntry*, bool> IndexEntries::insert(IndexEntry entry) {
  Partition* partition = partition_of(entry.index_key);
  if (!partition) {
    PrimaryKey partition_key{entry.index_key.partition_order, entry.index_key.hash, std::nullopt};
    partition = &*partitions_.emplace(std::move(partition_key), Run{}).first;
    partition_slots_.insert(partition);
  }
  Run& run = partition->second;
  auto position = run.begin() + (position_in(run, entry, false) - run.cbegin());
  if (position != run.end() && !less_in_partition(entry, *position->entry))
    return {position->entry.get(), false};
  const std::uint64_t order = slot_order(entry);
  auto stored = std::make_unique<IndexEntry>(std::move(entry));
  by_base_.insert(stored.get());
  position = run.insert(position, Slot{order, std::move(stored)});
  ++size_;
  return {position->entry.get(), true};
}

std::size_t IndexEntries::erase(const IndexEntry& key) {
  auto [partition, entry] = located(key);
  if (!entry) return 0;
  erase_entry(*partition, *entry);
  return 1;
}

std::size_t IndexEntries::erase_item(const PrimaryKey& base_key) {
  const IndexEntry* entry = by_base_.find(base_key);
  if (!entry) return 0;
  erase_entry(*partition_of(entry->index_key), *entry);
  return 1;
}

void IndexEntries::erase_entry(Partition& partition, const IndexEntry& entry) {
  Run& run = partition.second;
  by_base_.erase(&entry);
  run.erase(slot_of(run, entry));  // `entry` is gone from here on
  if (run.empty()) {
    partition_slots_.erase(&partition);
    const PrimaryKey partition_key = partition.first;  // not a reference into the erased node
    partitions_.erase(partition_key);
  }
  --size_;
}

void IndexEntries::move(const PrimaryKey& base_key, PrimaryKey to,
                        std::shared_ptr<IndexView> view) {
  IndexEntry* found = by_base_.find(base_key);
  if (!found) {  // not there: only insert
    insert({std::move(to), base_key, false, std::move(view)});
    return;
  }
  Partition* partition = partition_of(found->index_key);
  const bool same_partition = to.partition_order == partition->first.partition_order &&
                              !to.before_partition_order &&
                              compare_key_values(to.hash, partition->first.hash) == 0;
  if (!same_partition) {
    PrimaryKey kept = found->base_key;  // `base_key` may be the entry's own
    erase_entry(*partition, *found);
    insert({std::move(to), std::move(kept), false, std::move(view)});
    return;
  }
  Run& run = partition->second;
  const auto at = slot_of(run, *found);
  IndexEntry& entry = *at->entry;
  entry.index_key = std::move(to);
  entry.view = std::move(view);
  at->order = slot_order(entry);
  // The run without this entry is still sorted: find the entry's new place
  // on the side it moves to, and rotate it there.
  if (at + 1 != run.end() && less_in_partition(*(at + 1)->entry, entry)) {
    const auto place = run.begin() + (position_in(at + 1, run.cend(), entry, false) - run.cbegin());
    std::rotate(at, at + 1, place);
  } else if (at != run.begin() && less_in_partition(entry, *(at - 1)->entry)) {
    const auto place = run.begin() + (position_in(run.cbegin(), at, entry, false) - run.cbegin());
    std::rotate(place, at, at + 1);
  }
}

}  // namespace streamlab::dynamodb
