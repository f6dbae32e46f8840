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
  std::string out = std::to_string(entry.index_key.partition_order) + "/" +
                    std::string(entry.index_key.hash.as_string());
  if (const auto& range = entry.index_key.range)
    out += "/" + (range->is(ValueType::kN) ? range->as_number().to_string()
                                           : std::string(range->as_string()));
  return out + " <- " + std::to_string(entry.base_key.partition_order) + "/" +
         std::string(entry.base_key.hash.as_string());
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

enum class RangeKey { kNone, kNumber, kString };

// Range values that tie on their first 16 digits or 8 bytes (key_prefix) and
// differ after, beside ones that differ early, of both signs.
const std::vector<std::string> kNumberRanges = {
    "-12345678901234567", "-12345678901234566", "-2", "-0.5", "0", "0.5", "3", "12345678901234567",
    "12345678901234568",  "1234567890123456.7"};
const std::vector<std::string> kStringRanges = {"",          "prefix-",  "prefix-a", "prefix-a\xff",
                                                "prefix-ab", "prefix-b", "\xff"};

class RandomEntries {
 public:
  RandomEntries(std::uint64_t seed, RangeKey range) : random_(seed), range_(range) {}

  // Few partition orders and hash values, so orders collide across hashes
  // (as 64-bit hashes may) and partitions hold several entries; one hash
  // value is long, as the workshop's origins are.
  PrimaryKey index_key() {
    static const std::vector<std::string> hashes = {
        "a", "b", "hello-retail/product-producer-creator/creator-17/Merchant 17"};
    PrimaryKey key{random_.uniform(3), AttributeValue::string(hashes[random_.uniform(3)]),
                   std::nullopt};
    if (range_ == RangeKey::kNumber) {
      key.range = AttributeValue::number(
          Decimal::parse(kNumberRanges[random_.uniform(kNumberRanges.size())]).value());
    } else if (range_ == RangeKey::kString) {
      key.range = AttributeValue::string(kStringRanges[random_.uniform(kStringRanges.size())]);
    }
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
  RangeKey range_;
};

// The model's entry for a base-table key (an item has at most one per index).
const IndexEntry* model_entry_of(const Model& model, const PrimaryKey& base_key) {
  for (const auto& entry : model) {
    if (compare_primary_keys(entry.base_key, base_key) == 0) return &entry;
  }
  return nullptr;
}

// Whether the model holds another entry (another index key) for the entry's item.
bool base_taken(const Model& model, const IndexEntry& entry) {
  const IndexEntry* held = model_entry_of(model, entry.base_key);
  return held && compare_primary_keys(held->index_key, entry.index_key) != 0;
}

void check_against_set(std::uint64_t seed, RangeKey range) {
  RandomEntries random(seed, range);
  IndexEntries entries;
  Model model;
  for (int step = 0; step < 3000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    switch (random.uniform(6)) {
      case 0:
      case 1: {
        IndexEntry entry = random.entry();
        if (base_taken(model, entry)) break;  // insert's precondition: one entry per item
        const bool inserted = model.insert(entry).second;
        auto [it, added] = entries.insert(entry);
        ASSERT_EQ(added, inserted);
        ASSERT_EQ(describe(*it), describe(entry));
        break;
      }
      case 2: {
        IndexEntry entry = random.entry();
        if (random.uniform(2) == 0) {
          ASSERT_EQ(entries.erase(entry), model.erase(entry));
        } else {  // the item's entry, whatever its index key
          const IndexEntry* held = model_entry_of(model, entry.base_key);
          ASSERT_EQ(entries.erase_item(entry.base_key), held ? 1U : 0U);
          if (held) model.erase(*held);
        }
        break;
      }
      case 5: {  // re-key an entry (a write that changes its index key), or a missing one
        IndexEntry from = random.entry();
        if (!model.empty() && random.uniform(4) != 0) {
          auto it = model.begin();
          std::advance(it, static_cast<std::ptrdiff_t>(random.uniform(model.size())));
          from = *it;
        }
        IndexEntry to = random.entry();
        to.base_key = from.base_key;
        if (model.count(to) != 0) break;     // move's precondition: no such other entry
        if (base_taken(model, from)) break;  // nor another entry for the item
        model.erase(from);
        model.insert(to);
        entries.move(from.base_key, to.index_key, nullptr);
        auto found = entries.find(to);
        ASSERT_NE(found, entries.end());
        ASSERT_EQ(describe(*found), describe(to));
        ASSERT_EQ(rest(entries.begin(), entries.end()), rest(model.begin(), model.end()));
        break;
      }
      case 3: {
        IndexEntry entry = random.entry();
        auto found = entries.find(entry);
        ASSERT_EQ(found == entries.end(), model.find(entry) == model.end());
        if (found != entries.end()) {
          ASSERT_EQ(describe(*found), describe(entry));
        }
        // The item's entry, whatever its index key (as a write that keeps
        // the index key finds it).
        const IndexEntry* held = model_entry_of(model, entry.base_key);
        const IndexEntry* direct = entries.entry_of(entry.base_key);
        ASSERT_EQ(direct == nullptr, held == nullptr);
        if (direct) {
          ASSERT_EQ(describe(*direct), describe(*held));
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
  for (std::uint64_t seed = 1; seed <= 4; ++seed) check_against_set(seed, RangeKey::kNone);
}

TEST(IndexEntriesTest, BehavesAsASetInIndexOrderWithNumberRangeKeys) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) check_against_set(seed, RangeKey::kNumber);
}

TEST(IndexEntriesTest, BehavesAsASetInIndexOrderWithStringRangeKeys) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) check_against_set(seed, RangeKey::kString);
}

// What the slots' search relies on: a value sorting before another never has
// a larger key_prefix, and a smaller key_prefix means it sorts before.
TEST(IndexEntriesTest, KeyPrefixesOrderAsTheValues) {
  std::vector<AttributeValue> values;
  for (const auto& text : kNumberRanges)
    values.push_back(AttributeValue::number(Decimal::parse(text).value()));
  for (const char* text : {"1E-130", "-1E-130", "9.9999999999999999999999999999999999999E+125",
                           "-9.9999999999999999999999999999999999999E+125", "10", "9.99"})
    values.push_back(AttributeValue::number(Decimal::parse(text).value()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < values.size(); ++j) {
      const int order = compare_key_values(values[i], values[j]);
      const auto a = key_prefix(values[i]), b = key_prefix(values[j]);
      EXPECT_EQ(a < b, order < 0 && a != b)
          << values[i].as_number().to_string() << " vs " << values[j].as_number().to_string();
      if (order < 0) {
        EXPECT_LE(a, b);
      }
    }
  }
  std::vector<std::string> strings = kStringRanges;
  strings.push_back("prefix-\x01");
  for (const auto& x : strings) {
    for (const auto& y : strings) {
      const auto a = key_prefix(AttributeValue::string(x));
      const auto b = key_prefix(AttributeValue::string(y));
      if (x < y) {
        EXPECT_LE(a, b) << x << " vs " << y;
      }
      if (a < b) {
        EXPECT_LT(x, y) << x << " vs " << y;
      }
    }
  }
  // Where the prefixes tell them apart at all, they do so in order.
  EXPECT_LT(key_prefix(AttributeValue::string("prefix-a")),
            key_prefix(AttributeValue::string("prefix-b")));
  EXPECT_LT(key_prefix(values[2]), key_prefix(values[3]));  // -2 < -0.5
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
