// A secondary index's entries (emulator/dynamodb/index_entries.h) are grouped
// by partition for speed but must behave exactly as a std::set ordered by
// IndexEntryLess: checked against that set under random inserts, erases and
// lookups with every kind of probe the service uses.
#include "emulator/dynamodb/index_entries.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "emulator/core/seeded_random.h"

namespace streamlab::dynamodb {
namespace {

using Model = std::set<IndexEntry, IndexEntryLess>;

std::string describe(const IndexEntry& entry) {
  std::string out =
      std::to_string(entry.index_key.partition_order) + "/" + entry.index_key.hash.as_string();
  if (entry.index_key.range) out += "/" + entry.index_key.range->as_number().to_string();
  return out + " <- " + std::to_string(entry.base_key.partition_order) + "/" +
         entry.base_key.hash.as_string();
}

template <typename It, typename End>
std::vector<std::string> rest(It it, End end) {
  std::vector<std::string> out;
  for (; it != end; ++it) out.push_back(describe(*it));
  return out;
}

template <typename It, typename Begin>
std::vector<std::string> before(It it, Begin begin) {
  std::vector<std::string> out;
  while (it != begin) {
    --it;
    out.push_back(describe(*it));
  }
  return out;
}

class RandomEntries {
 public:
  RandomEntries(std::uint64_t seed, bool with_range) : random_(seed), with_range_(with_range) {}

  // Few partition orders and hash values, so orders collide across hashes
  // (as 64-bit hashes may) and partitions hold several entries; one hash
  // value is long, as the workshop's origins are.
  PrimaryKey index_key() {
    static const std::vector<std::string> hashes = {
        "a", "b", "hello-retail/product-producer-creator/creator-17/Merchant 17"};
    PrimaryKey key{random_.uniform(3), AttributeValue::string(hashes[random_.uniform(3)]),
                   std::nullopt};
    if (with_range_) key.range = AttributeValue::number(Decimal::from_integer(random_.uniform(4)));
    return key;
  }
  PrimaryKey base_key() {
    return {random_.uniform(4), AttributeValue::string("p" + std::to_string(random_.uniform(6))),
            std::nullopt};
  }
  IndexEntry entry() { return {index_key(), base_key()}; }
  // Every kind of lookup key: an entry, "before all bases of an index key",
  // "start of a partition" (no range) and "before a partition order".
  IndexEntry probe() {
    switch (random_.uniform(4)) {
      case 0:
        return entry();
      case 1:
        return {index_key(), {}, true};
      case 2: {
        PrimaryKey key = index_key();
        key.range.reset();
        return {key, {}, true};
      }
      default:
        return {PrimaryKey{random_.uniform(4), AttributeValue(), std::nullopt, true}, {}, true};
    }
  }
  std::uint64_t uniform(std::uint64_t bound) { return random_.uniform(bound); }

 private:
  SeededRandom random_;
  bool with_range_;
};

void check_against_set(std::uint64_t seed, bool with_range) {
  RandomEntries random(seed, with_range);
  IndexEntries entries;
  Model model;
  for (int step = 0; step < 3000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    switch (random.uniform(5)) {
      case 0:
      case 1: {
        IndexEntry entry = random.entry();
        const bool inserted = model.insert(entry).second;
        auto [it, added] = entries.insert(entry);
        ASSERT_EQ(added, inserted);
        ASSERT_EQ(describe(*it), describe(entry));
        break;
      }
      case 2: {
        IndexEntry entry = random.entry();
        ASSERT_EQ(entries.erase(entry), model.erase(entry));
        break;
      }
      case 3: {
        IndexEntry entry = random.entry();
        auto found = entries.find(entry);
        ASSERT_EQ(found == entries.end(), model.find(entry) == model.end());
        if (found != entries.end()) {
          ASSERT_EQ(describe(*found), describe(entry));
        }
        break;
      }
      default: {
        IndexEntry probe = random.probe();
        ASSERT_EQ(rest(entries.lower_bound(probe), entries.end()),
                  rest(model.lower_bound(probe), model.end()));
        ASSERT_EQ(rest(entries.upper_bound(probe), entries.end()),
                  rest(model.upper_bound(probe), model.end()));
        ASSERT_EQ(before(entries.lower_bound(probe), entries.begin()),
                  before(model.lower_bound(probe), model.begin()));
        std::vector<std::string> in_partition;
        entries.for_each_in_partition(probe.index_key, [&](const IndexEntry& entry) {
          in_partition.push_back(describe(entry));
          return true;
        });
        std::vector<std::string> expected;
        if (!probe.index_key.before_partition_order) {
          for (const auto& entry : model) {
            if (entry.index_key.partition_order == probe.index_key.partition_order &&
                entry.index_key.hash == probe.index_key.hash)
              expected.push_back(describe(entry));
          }
        }
        ASSERT_EQ(in_partition, expected);
        break;
      }
    }
    ASSERT_EQ(entries.size(), model.size());
  }
  EXPECT_EQ(rest(entries.begin(), entries.end()), rest(model.begin(), model.end()));
  EXPECT_EQ(before(entries.end(), entries.begin()), before(model.end(), model.begin()));
}

TEST(IndexEntriesTest, BehavesAsASetInIndexOrderWithoutRangeKeys) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) check_against_set(seed, false);
}

TEST(IndexEntriesTest, BehavesAsASetInIndexOrderWithRangeKeys) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) check_against_set(seed, true);
}

TEST(IndexEntriesTest, ForEachInPartitionStopsWhenAsked) {
  IndexEntries entries;
  for (int i = 0; i < 5; ++i) {
    entries.insert(
        {PrimaryKey{1, AttributeValue::string("creator"), std::nullopt},
         PrimaryKey{static_cast<std::uint64_t>(i), AttributeValue::string("p"), std::nullopt}});
  }
  int visited = 0;
  entries.for_each_in_partition(PrimaryKey{1, AttributeValue::string("creator"), std::nullopt},
                                [&](const IndexEntry&) { return ++visited < 3; });
  EXPECT_EQ(visited, 3);
}

}  // namespace
}  // namespace streamlab::dynamodb
