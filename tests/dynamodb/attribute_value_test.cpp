#include "emulator/dynamodb/attribute_value.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <utility>

#include "emulator/dynamodb/attribute_json.h"
#include "emulator/dynamodb/key.h"

namespace streamlab::dynamodb {
namespace {

using nlohmann::json;

AttributeValue parse(const char* text) {
  auto parsed = attribute_from_json(json::parse(text));
  EXPECT_TRUE(parsed.is_ok()) << text << ": " << parsed.status().to_string();
  return parsed.is_ok() ? *parsed : AttributeValue();
}

// find_name (by the interned name, pointers compared) finds what find does,
// in maps that are scanned and in maps large enough to be searched.
TEST(AttributeMapTest, FindByInternedNameAgreesWithFindByText) {
  for (int size : {0, 1, 5, 16, 17, 40}) {
    Item item;
    for (int i = 0; i < size; ++i)
      item.emplace("attribute" + std::to_string(i * 2), AttributeValue::string(std::to_string(i)));
    for (int i = -1; i < size * 2 + 1; ++i) {  // odd numbers and -1 are absent
      const std::string text = "attribute" + std::to_string(i);
      const AttributeName name(text);
      ASSERT_EQ(item.find_name(name), std::as_const(item).find(text)) << size << " " << text;
      if (i >= 0 && i % 2 == 0 && i / 2 < size) {
        ASSERT_NE(item.find_name(name), item.end()) << size << " " << text;
        EXPECT_EQ(item.find_name(name)->second.as_string(), std::to_string(i / 2));
      }
    }
  }
}

// Items are flat maps with std::map's behaviour: ordered by name (bytes), no
// replacing on emplace/insert, operator[] inserting NULL, at() throwing.
TEST(AttributeMapTest, BehavesAsAnOrderedMapByName) {
  const auto s = [](const char* text) { return AttributeValue::string(text); };
  Item item{{"b", s("1")}, {"a", s("2")}, {"b", s("ignored")}};  // the first of equal names
  EXPECT_EQ(item.size(), 2u);
  EXPECT_EQ(item.at("b").as_string(), "1");
  EXPECT_FALSE(item.emplace("a", s("3")).second);
  EXPECT_EQ(item.at("a").as_string(), "2");
  EXPECT_TRUE(item.insert({"\xc3\xa9", s("4")}).second);  // bytes above 0x7f sort last
  EXPECT_TRUE(item.emplace("B", s("5")).second);
  EXPECT_TRUE(item["c"].is(ValueType::kNull));
  std::string names;
  for (const auto& [name, value] : item) names += name.str() + ",";
  EXPECT_EQ(names, "B,a,b,c,\xc3\xa9,");
  EXPECT_EQ(item.count("c"), 1u);
  EXPECT_EQ(item.erase("c"), 1u);
  EXPECT_EQ(item.erase("c"), 0u);
  EXPECT_FALSE(item.contains("c"));
  EXPECT_EQ(item.find("zz"), item.end());
  EXPECT_THROW(static_cast<void>(item.at("zz")), std::out_of_range);
  Item same{{"a", s("2")}, {"b", s("1")}, {"B", s("5")}, {"\xc3\xa9", s("4")}};
  EXPECT_EQ(item, same);
  same["a"] = s("changed");
  EXPECT_FALSE(item == same);
  item.erase(item.find("a"));
  EXPECT_EQ(item.size(), 3u);
  EXPECT_EQ(item.begin()->first, "B");
}

// find() scans small maps and binary-searches larger ones: both must agree
// with std::map for names that share lengths, prefixes or all but a byte.
TEST(AttributeMapTest, FindAgreesWithStdMapOnEitherSideOfTheScannedSize) {
  std::mt19937_64 random(16);
  const auto name = [&random] {
    std::string text(1 + random() % 20, 'a');  // long names live out of line
    for (auto& c : text) c = static_cast<char>('a' + random() % 3);
    return text;
  };
  for (int round = 0; round < 400; ++round) {
    Item item;
    std::map<std::string, std::string> model;
    const std::size_t size = random() % 40;
    while (model.size() < size) {
      const std::string added = name();
      const std::string value = std::to_string(model.size());
      EXPECT_EQ(item.emplace(added, AttributeValue::string(value)).second,
                model.emplace(added, value).second);
    }
    ASSERT_EQ(item.size(), model.size());
    for (int probe = 0; probe < 60; ++probe) {
      const std::string wanted =
          probe % 2 == 0 && !model.empty()
              ? std::next(model.begin(), static_cast<std::ptrdiff_t>(random() % model.size()))
                    ->first
              : name();
      const auto found = item.find(wanted);
      const auto expected = model.find(wanted);
      ASSERT_EQ(found == item.end(), expected == model.end()) << wanted << " in " << size;
      if (found != item.end()) {
        EXPECT_EQ(found->first, wanted);
        EXPECT_EQ(found->second.as_string(), expected->second);
      }
    }
  }
}

// set() (by an interned name) inserts in order or replaces, as assigning
// through operator[] does, in maps scanned and maps searched.
TEST(AttributeMapTest, SetInsertsOrReplacesAsOperatorBracketDoes) {
  std::mt19937_64 random(7);
  for (int round = 0; round < 200; ++round) {
    Item by_set, by_bracket;
    const int steps = static_cast<int>(random() % 60);
    for (int step = 0; step < steps; ++step) {
      const std::string text = "n" + std::to_string(random() % 30);
      const AttributeValue value = AttributeValue::string(std::to_string(step));
      by_set.set(AttributeName(text), value);
      by_bracket[text] = value;
      ASSERT_EQ(by_set, by_bracket) << round << " " << step;
    }
    std::string order;
    for (const auto& [name, value] : by_set) order += name.str() + ",";
    std::string expected;
    for (const auto& [name, value] : by_bracket) expected += name.str() + ",";
    EXPECT_EQ(order, expected);
  }
}

TEST(AttributeValueTest, EveryTypeRoundTripsThroughJson) {
  const char* values[] = {R"({"S":"hello"})",
                          R"({"N":"-1.5"})",
                          R"({"B":"AAEC"})",
                          R"({"BOOL":true})",
                          R"({"NULL":true})",
                          R"({"M":{"a":{"N":"1"},"b":{"L":[{"S":"x"},{"NULL":true}]}}})",
                          R"({"L":[]})",
                          R"({"SS":["a","b"]})",
                          R"({"NS":["-1","2.5"]})",
                          R"({"BS":["AA==","AQ=="]})"};
  for (const char* text : values) {
    EXPECT_EQ(attribute_to_json(parse(text)).dump(), json::parse(text).dump()) << text;
  }
}

// A value holds one payload chosen by its type: copying, moving and assigning
// between every pair of types must leave exactly the source's value behind
// (and reading another type's accessor gives "", 0 or an empty container).
TEST(AttributeValueTest, CopiesMovesAndAssignmentsAcrossEveryPairOfTypes) {
  const std::vector<const char*> samples = {
      R"({"S":"a string longer than the small-string buffer"})",
      R"({"S":"short"})",
      R"({"N":"-12.5"})",
      R"({"N":"123456789012345678901234567890"})",
      R"({"B":"AAEC"})",
      R"({"BOOL":true})",
      R"({"NULL":true})",
      R"({"M":{"k":{"S":"v"},"n":{"N":"1"}}})",
      R"({"L":[{"S":"x"},{"N":"2"}]})",
      R"({"SS":["b","a"]})",
      R"({"NS":["2","1"]})",
      R"({"BS":["AAE="]})",
      R"({"M":{}})",
  };
  for (const char* from_text : samples) {
    const AttributeValue from = parse(from_text);
    const std::string expected = attribute_to_json(from).dump();
    for (const char* to_text : samples) {
      SCOPED_TRACE(std::string(to_text) + " = " + from_text);
      AttributeValue copied = parse(to_text);
      copied = from;
      EXPECT_EQ(attribute_to_json(copied).dump(), expected);
      EXPECT_TRUE(copied == from);
      AttributeValue moved = parse(to_text);
      AttributeValue source = from;
      moved = std::move(source);
      EXPECT_EQ(attribute_to_json(moved).dump(), expected);
      AttributeValue constructed(moved);
      EXPECT_EQ(attribute_to_json(constructed).dump(), expected);
    }
    if (!from.is(ValueType::kS) && !from.is(ValueType::kB)) {
      EXPECT_EQ(from.as_string(), "");
    }
    if (!from.is(ValueType::kN)) {
      EXPECT_TRUE(from.as_number().is_zero());
    }
    if (!from.is(ValueType::kM)) {
      EXPECT_TRUE(from.as_map().empty());
    }
  }
}

// A string travels from request to item to index views and keys: copies of a
// long one share its bytes (no allocation), and still compare as values.
TEST(AttributeValueTest, CopiesOfALongStringShareItsBytes) {
  const std::string origin = "hello-retail/product-producer-creator/merchant-12/Merchant 12";
  const AttributeValue value = AttributeValue::string(origin);
  const AttributeValue copy = value;
  Item item{{"creator", value}};
  EXPECT_TRUE(copy.shares_text_with(value));
  EXPECT_TRUE(item.at("creator").shares_text_with(value));
  EXPECT_EQ(item.at("creator").as_string().data(), value.as_string().data());
  const AttributeValue separate = AttributeValue::string(origin);
  EXPECT_FALSE(separate.shares_text_with(value));
  EXPECT_TRUE(separate == value);
  EXPECT_EQ(compare_key_values(copy, value), 0);
  EXPECT_EQ(compare_key_values(separate, value), 0);
  EXPECT_LT(compare_key_values(value, AttributeValue::string(origin + "3")), 0);
  // Binary values share the same way; a binary is never equal to a string.
  const AttributeValue bytes = AttributeValue::binary(origin);
  EXPECT_TRUE(AttributeValue(bytes).shares_text_with(bytes));
  EXPECT_FALSE(bytes == value);
  AttributeValue changed = copy;
  changed = AttributeValue::string("other");
  EXPECT_EQ(copy.as_string(), origin);  // replacing one copy leaves the others
  EXPECT_EQ(changed.as_string(), "other");
}

TEST(AttributeValueTest, NumbersAreCanonicalizedOnOutput) {
  EXPECT_EQ(attribute_to_json(parse(R"({"N":"1.50e1"})")).dump(), R"({"N":"15"})");
}

TEST(AttributeValueTest, SetsAreUnorderedForEquality) {
  EXPECT_EQ(parse(R"({"SS":["b","a"]})"), parse(R"({"SS":["a","b"]})"));
  EXPECT_EQ(parse(R"({"NS":["10","1.0","2"]})"), parse(R"({"NS":["2","1","10"]})"));
  EXPECT_FALSE(parse(R"({"SS":["a"]})") == parse(R"({"S":"a"})"));
  EXPECT_FALSE(parse(R"({"N":"1"})") == parse(R"({"S":"1"})"));
}

TEST(AttributeValueTest, InvalidValuesUseDynamoDbWording) {
  struct Case {
    const char* json;
    const char* type;
    const char* message;
  };
  const Case cases[] = {
      {R"({})", "ValidationException",
       "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"},
      {R"({"S":"a","N":"1"})", "ValidationException",
       "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
       "supported datatypes"},
      {R"({"SS":[]})", "ValidationException",
       "One or more parameter values were invalid: An string set  may not be empty"},
      {R"({"NS":[]})", "ValidationException",
       "One or more parameter values were invalid: An number set  may not be empty"},
      // DynamoDB rejects duplicates in an input set rather than merging them.
      {R"({"SS":["a","a"]})", "ValidationException",
       "One or more parameter values were invalid: Input collection [a, a] contains duplicates."},
      {R"({"NULL":false})", "ValidationException",
       "One or more parameter values were invalid: Null attribute value types must have the value "
       "of true"},
      {R"({"N":"1e999"})", "ValidationException",
       "Number overflow. Attempting to store a number with magnitude larger than supported range"},
      {R"({"N":"twelve"})", "ValidationException",
       "A value provided cannot be converted into a number"},
      {R"({"S":5})", "SerializationException", "NUMBER_VALUE can not be converted to a String"},
      {R"({"B":"!!"})", "SerializationException", "Base64 encoded value of B is malformed"},
  };
  for (const auto& c : cases) {
    const auto parsed = attribute_from_json(json::parse(c.json));
    ASSERT_FALSE(parsed.is_ok()) << c.json;
    EXPECT_EQ(parsed.error().type, c.type) << c.json;
    EXPECT_EQ(parsed.error().message, c.message) << c.json;
  }
}

TEST(AttributeValueTest, ItemSizeFollowsTheDeveloperGuide) {
  // "Item sizes": names and strings count UTF-8 bytes; a number ~1 byte per two
  // significant digits + 1; BOOL/NULL 1 byte; list/map 3 bytes + 1 per element.
  auto item = item_from_json(json::parse(
      R"({"id":{"S":"abc"},"n":{"N":"12345"},"ok":{"BOOL":true},"l":{"L":[{"S":"xy"},{"NULL":true}]}})"));
  ASSERT_TRUE(item.is_ok());
  // id: 2+3; n: 1+(3+1); ok: 2+1; l: 1+(3 + (2+1) + (1+1))
  EXPECT_EQ(item_size_bytes(*item), 5u + 5u + 3u + 9u);
}

}  // namespace
}  // namespace streamlab::dynamodb
