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

bool entry_before_key(const std::unique_ptr<IndexEntry>& entry, const IndexEntry& key) {
  return less_in_partition(*entry, key);
}

bool key_before_entry(const IndexEntry& key, const std::unique_ptr<IndexEntry>& entry) {
  return less_in_partition(key, *entry);
}

}  // namespace

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
  auto position = after_equal ? std::upper_bound(run.begin(), run.end(), key, key_before_entry)
                              : std::lower_bound(run.begin(), run.end(), key, entry_before_key);
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
  auto position = std::lower_bound(run.begin(), run.end(), key, entry_before_key);
  if (position == run.end() || less_in_partition(key, **position)) return end();
  return {partition, static_cast<std::size_t>(position - run.begin())};
}

std::pair<IndexEntries::const_iterator, bool> IndexEntries::insert(IndexEntry entry) {
  auto partition = partitions_.find(entry.index_key);
  if (partition == partitions_.end()) {
    PrimaryKey partition_key{entry.index_key.partition_order, entry.index_key.hash, std::nullopt};
    partition = partitions_.emplace(std::move(partition_key), Run{}).first;
  }
  Run& run = partition->second;
  auto position = std::lower_bound(run.begin(), run.end(), entry, entry_before_key);
  const bool present = position != run.end() && !less_in_partition(entry, **position);
  if (!present) {
    position = run.insert(position, std::make_unique<IndexEntry>(std::move(entry)));
    ++size_;
  }
  return {{partition, static_cast<std::size_t>(position - run.begin())}, !present};
}

std::size_t IndexEntries::erase(const IndexEntry& key) {
  auto partition = partitions_.find(key.index_key);
  if (partition == partitions_.end()) return 0;
  Run& run = partition->second;
  auto position = std::lower_bound(run.begin(), run.end(), key, entry_before_key);
  if (position == run.end() || less_in_partition(key, **position)) return 0;
  run.erase(position);
  if (run.empty()) partitions_.erase(partition);
  --size_;
  return 1;
}

}  // namespace streamlab::dynamodb
