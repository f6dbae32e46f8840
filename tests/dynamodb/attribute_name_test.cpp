#include "emulator/dynamodb/attribute_name.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "emulator/dynamodb/attribute_value.h"
#include "emulator/dynamodb/expressions/evaluator.h"
#include "emulator/dynamodb/expressions/parser.h"
#include "emulator/dynamodb/key.h"

namespace streamlab::dynamodb {
namespace {

TEST(AttributeNameTest, EqualNamesAreOneSharedCopy) {
  const AttributeName a("creatorScore");
  const AttributeName b(std::string("creator") + "Score");
  const AttributeName c(std::string_view("photographerScore"));
  EXPECT_EQ(a.data(), b.data());  // interned: one copy
  EXPECT_EQ(a, b);
  EXPECT_NE(a.data(), c.data());
  EXPECT_NE(a, c);
  EXPECT_EQ(c.str(), "photographerScore");
  EXPECT_EQ(AttributeName().size(), 0u);
  EXPECT_EQ(AttributeName(""), AttributeName());
}

TEST(AttributeNameTest, KeepsEveryByteOfLongAndUnusualNames) {
  const std::string long_name(300, 'x');
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(AttributeName(long_name).str(), long_name);
  EXPECT_EQ(AttributeName(with_nul).size(), 3u);
  EXPECT_NE(AttributeName(with_nul), AttributeName("a"));
  EXPECT_EQ(AttributeName("é✓").str(), "é✓");
}

// Items are sorted by name as DynamoDB and std::string order them: bytewise,
// unsigned, a prefix first.
TEST(AttributeNameTest, OrdersAsBytesLikeStdString) {
  const std::vector<std::string> names = {"",
                                          "a",
                                          "ab",
                                          "b",
                                          "B",
                                          "\xff",
                                          "a\x80",
                                          "photographer",
                                          "photographerScore",
                                          "photographerExists"};
  for (const auto& x : names) {
    for (const auto& y : names) {
      EXPECT_EQ(AttributeName(x) < AttributeName(y), x < y) << x << " < " << y;
      EXPECT_EQ(AttributeName(x) < std::string_view(y), x < y) << x << " < " << y;
      EXPECT_EQ(AttributeName(x) == y, x == y) << x << " == " << y;
    }
  }
}

// Simulations of explore run side by side on threads: each must get the same copy.
TEST(AttributeNameTest, ThreadsInternToTheSameCopy) {
  std::vector<const char*> seen(4, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] {
      for (int round = 0; round < 1000; ++round) {
        // Fresh names as well as one every thread shares.
        const AttributeName own("thread-" + std::to_string(i) + "-" + std::to_string(round));
        EXPECT_EQ(own.str(), "thread-" + std::to_string(i) + "-" + std::to_string(round));
      }
      seen[i] = AttributeName(std::string("shared-by-") + "threads").data();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const char* data : seen) EXPECT_EQ(data, seen[0]);
}

// An item's entry is a name pointer and a value: copying an item copies no
// name bytes, and the entry is 40 bytes where a std::string name made it 64.
TEST(AttributeNameTest, ItemsShareTheirNamesAndStaySmall) {
  Item item{{"productId", AttributeValue::string("product-1")},
            {"photographerScore", AttributeValue::number(Decimal::from_integer(3))}};
  const Item copy = item;
  auto original = item.begin();
  for (const auto& [name, value] : copy) {
    EXPECT_EQ(name.data(), original->first.data()) << name.str();
    ++original;
  }
  EXPECT_EQ(copy.find("photographerScore")->first.data(),
            AttributeName("photographerScore").data());
  static_assert(sizeof(Item::value_type) == 40, "a name pointer and a 32-byte value");
}

// The names an update, its substitutions and a key schema give are the
// interned copies an item holds, so lookups by them compare pointers
// (find_name) and never the names' bytes.
TEST(AttributeNameTest, ExpressionAndKeyNamesFindTheItemsEntriesByPointer) {
  const Item item{{"productId", AttributeValue::string("product-1")},
                  {"photographerScore", AttributeValue::number(Decimal::from_integer(3))}};
  auto update = expressions::parse_update("SET photographerScore = :s, #p = :s");
  ASSERT_TRUE(update.is_ok());
  expressions::Substitutions substitutions;
  substitutions.names["#p"] = std::string("product") + "Id";
  const auto& literal = expressions::top_level_name(update->actions[0].path, substitutions);
  const auto& substituted = expressions::top_level_name(update->actions[1].path, substitutions);
  EXPECT_EQ(&item.find_name(literal)->second, &item.at("photographerScore"));
  EXPECT_EQ(&item.find_name(substituted)->second, &item.at("productId"));
  const KeySchema schema{{std::string("product") + "Id", ValueType::kS}, std::nullopt};
  EXPECT_EQ(&item.find_name(schema.hash.name)->second, &item.at("productId"));
  EXPECT_EQ(item.find_name(AttributeName("absent")), item.end());
}

TEST(AttributeNameTest, NamesJoinStringsInMessages) {
  const AttributeName name("productId");
  EXPECT_EQ("Missing the key " + name, "Missing the key productId");
  EXPECT_EQ(std::string("key ") + name + " is wrong", "key productId is wrong");
}

}  // namespace
}  // namespace streamlab::dynamodb
