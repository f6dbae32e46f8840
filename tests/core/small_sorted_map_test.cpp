#include "emulator/core/small_sorted_map.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <string_view>

namespace streamlab {
namespace {

using Names = SmallSortedMap<std::string>;

std::vector<std::pair<std::string, std::string>> entries_of(const Names& names) {
  return {names.begin(), names.end()};
}

TEST(SmallSortedMap, IteratesInByteOrderWhateverTheInsertionOrder) {
  Names names;
  names["#ub"] = "updatedBy";
  names["#c"] = "created";
  names["#u"] = "updated";
  names["#cb"] = "createdBy";
  names["#\xc3\xa9"] = "accented";  // bytes above 0x7f sort after ASCII, as std::string does
  EXPECT_EQ(entries_of(names),
            (std::vector<std::pair<std::string, std::string>>{{"#c", "created"},
                                                              {"#cb", "createdBy"},
                                                              {"#u", "updated"},
                                                              {"#ub", "updatedBy"},
                                                              {"#\xc3\xa9", "accented"}}));
}

// A key type of its own (here: one that counts its comparisons): entries
// sort and are found by text, and find_key uses the type's own equality.
struct CountedKey {
  explicit CountedKey(std::string_view spelled) : text(spelled) {}
  operator std::string_view() const { return text; }  // NOLINT(google-explicit-constructor)
  bool operator==(const CountedKey& other) const {
    ++comparisons;
    return text == other.text;
  }
  std::string text;
  static inline int comparisons = 0;
};

TEST(SmallSortedMap, KeysOfAnotherTypeSortByTextAndFindKeyUsesTheirEquality) {
  SmallSortedMap<int, CountedKey> map;
  map["#b"] = 2;
  map["#a"] = 1;
  EXPECT_EQ(std::string_view(map.begin()->first), "#a");
  EXPECT_EQ(map.find("#b")->second, 2);
  CountedKey::comparisons = 0;
  EXPECT_EQ(map.find_key(CountedKey("#b"))->second, 2);
  EXPECT_EQ(CountedKey::comparisons, 2);  // #a, then #b
  EXPECT_EQ(map.find_key(CountedKey("#c")), map.end());
}

TEST(SmallSortedMap, InitializerListKeepsTheFirstOfTwoEntriesWithOneKeyAsStdMapDoes) {
  const Names names = {{"#b", "second"}, {"#a", "first"}, {"#b", "ignored"}};
  const std::map<std::string, std::string> reference = {
      {"#b", "second"}, {"#a", "first"}, {"#b", "ignored"}};
  EXPECT_EQ(entries_of(names),
            (std::vector<std::pair<std::string, std::string>>(reference.begin(), reference.end())));
}

TEST(SmallSortedMap, EmplaceNeverOverwritesAndSaysWhetherItInserted) {
  Names names;
  auto [first, inserted] = names.emplace("#k", "one");
  EXPECT_TRUE(inserted);
  EXPECT_EQ(first->second, "one");
  auto [again, inserted_again] = names.emplace("#k", "two");
  EXPECT_FALSE(inserted_again);
  EXPECT_EQ(again->second, "one");
  EXPECT_EQ(names.size(), 1u);
}

TEST(SmallSortedMap, FindsPresentKeysOnlyAndSubscriptInsertsADefault) {
  Names names = {{"#a", "x"}, {"#ab", "y"}};
  EXPECT_EQ(names.find("#ab")->second, "y");
  EXPECT_EQ(names.find("#"), names.end());
  EXPECT_EQ(names.find("#abc"), names.end());
  EXPECT_FALSE(names.contains("#b"));
  EXPECT_EQ(names["#b"], "");
  EXPECT_TRUE(names.contains("#b"));
  EXPECT_EQ(names.size(), 3u);
  const Names& view = names;
  EXPECT_EQ(view.find("#a")->second, "x");
}

// Random keys and operations against std::map: same contents, same order.
TEST(SmallSortedMap, AgreesWithStdMapOnRandomOperations) {
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    Names names;
    std::map<std::string, std::string, std::less<>> reference;
    for (int step = 0; step < 20; ++step) {
      std::string key = "#" + std::string(1 + random() % 3, static_cast<char>('a' + random() % 4));
      const std::string value = std::to_string(random() % 100);
      if (random() % 2) {
        names[key] = value;
        reference[key] = value;
      } else {
        EXPECT_EQ(names.emplace(key, value).second, reference.emplace(key, value).second);
      }
      const std::string probe = "#" + std::string(1 + random() % 3, 'a');
      EXPECT_EQ(names.contains(probe), reference.contains(probe)) << probe;
    }
    EXPECT_EQ(entries_of(names), (std::vector<std::pair<std::string, std::string>>(
                                     reference.begin(), reference.end())));
  }
}

}  // namespace
}  // namespace streamlab
