#include "emulator/core/shared_sorted_map.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace streamlab {
namespace {

using Names = SharedSortedMap<std::string>;
using Entries = std::vector<std::pair<std::string, std::string>>;

Entries entries_of(const Names& names) { return {names.begin(), names.end()}; }

TEST(SharedSortedMap, CopiesReadTheSameEntriesWithoutCopyingThem) {
  const Names constant = {{"#ps", "photographerScore"}, {"#cs", "creatorScore"}};
  const Names copy = constant;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_TRUE(copy.shares_entries_with(constant));
  // The same entries in memory, not equal ones.
  EXPECT_EQ(&copy.begin()->second, &constant.begin()->second);
  EXPECT_EQ(entries_of(copy), (Entries{{"#cs", "creatorScore"}, {"#ps", "photographerScore"}}));
  EXPECT_EQ(copy, constant);
}

TEST(SharedSortedMap, ChangingACopyLeavesTheOriginalAsItWas) {
  const Names constant = {{"#r", "creator"}};
  Names copy = constant;
  copy["#r"] = "photographer";
  copy.emplace("#s", "score");
  EXPECT_FALSE(copy.shares_entries_with(constant));
  EXPECT_EQ(entries_of(constant), (Entries{{"#r", "creator"}}));
  EXPECT_EQ(entries_of(copy), (Entries{{"#r", "photographer"}, {"#s", "score"}}));
  EXPECT_NE(copy, constant);

  Names cleared = constant;
  cleared.clear();
  EXPECT_TRUE(cleared.empty());
  EXPECT_EQ(constant.size(), 1U);
}

TEST(SharedSortedMap, EmplaceKeepsAnExistingEntryAndSaysSo) {
  Names names;
  EXPECT_TRUE(names.emplace("#a", "first").second);
  const auto [at, inserted] = names.emplace("#a", "second");
  EXPECT_FALSE(inserted);
  EXPECT_EQ(at->second, "first");
  EXPECT_TRUE(names.contains("#a"));
  EXPECT_EQ(names.find("#b"), names.end());
}

TEST(SharedSortedMap, MapsBuiltApartCompareByTheirEntries) {
  const Names one = {{"#a", "x"}, {"#b", "y"}};
  Names other;
  other["#b"] = "y";
  other["#a"] = "x";
  EXPECT_FALSE(one.shares_entries_with(other));
  EXPECT_EQ(one, other);
  other["#b"] = "z";
  EXPECT_NE(one, other);
  // Two empty maps share nothing but are equal all the same.
  EXPECT_TRUE(Names().shares_entries_with(Names{}));
  Names emptied = one;
  emptied.clear();
  EXPECT_EQ(emptied, Names());
}

// Explore runs simulations on several threads; they copy the same constant
// maps and change their copies (ASan/TSan-style misuse shows here as wrong
// entries or a crash).
TEST(SharedSortedMap, ThreadsCopyingOneConstantMapEachChangeTheirOwn) {
  static const Names kConstant = {{"#r", "creator"}};
  std::vector<std::thread> threads;
  threads.reserve(2);
  std::vector<int> wrong(2, 0);
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 10000; ++i) {
        Names copy = kConstant;
        copy["#t"] = std::to_string(t);
        if (copy.size() != 2 || copy.find("#t")->second != std::to_string(t)) ++wrong[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, (std::vector<int>{0, 0}));
  EXPECT_EQ(entries_of(kConstant), (Entries{{"#r", "creator"}}));
}

}  // namespace
}  // namespace streamlab
