#include "harness/json_field.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace streamlab::harness {
namespace {

TEST(TopLevelString, FindsTheFieldAfterNestedObjects) {
  EXPECT_EQ(top_level_string(R"({"data":{"eventId":"inner","x":[1,{"eventId":"deep"}]},)"
                             R"("eventId":"shard-0:42","z":1})",
                             "eventId"),
            "shard-0:42");
}

TEST(TopLevelString, IgnoresTheKeyInsideNestedValues) {
  EXPECT_EQ(top_level_string(R"({"data":{"eventId":"inner"}})", "eventId"), std::nullopt);
  EXPECT_EQ(top_level_string(R"({"list":["eventId","x"]})", "eventId"), std::nullopt);
}

TEST(TopLevelString, DecodesEscapes) {
  EXPECT_EQ(top_level_string(R"( {"eventId":"a\"b\u00e9"})", "eventId"), "a\"b\xc3\xa9");
}

TEST(TopLevelString, FindsAKeySpelledWithEscapes) {
  EXPECT_EQ(top_level_string(R"({"\u0065ventId":"x"})", "eventId"), "x");
}

TEST(TopLevelString, RejectsOtherTypesAndDocuments) {
  EXPECT_EQ(top_level_string(R"({"eventId":7})", "eventId"), std::nullopt);
  EXPECT_EQ(top_level_string(R"({"eventId":{"a":"b"}})", "eventId"), std::nullopt);
  EXPECT_EQ(top_level_string(R"(["eventId","x"])", "eventId"), std::nullopt);
  EXPECT_EQ(top_level_string("Hello, Lambda CLI World", "eventId"), std::nullopt);
  EXPECT_EQ(top_level_string("", "eventId"), std::nullopt);
  EXPECT_EQ(top_level_string(R"({"eventId":"x)", "eventId"), std::nullopt);  // unterminated
}

// A random JSON value below `depth` (nested to depth 4 at most): a string
// from `string`, a number, null or a boolean, an object (keys from `string`)
// or an array.
nlohmann::json random_value(std::mt19937_64& random, const std::function<std::string()>& string,
                            int depth) {
  const auto pick = [&random](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  switch (depth > 3 ? pick(3) : pick(5)) {
    case 0:
      return string();
    case 1:
      return static_cast<int>(pick(1000)) - 500;
    case 2:
      return pick(2) == 0 ? nlohmann::json(nullptr) : nlohmann::json(true);
    case 3: {
      nlohmann::json object = nlohmann::json::object();
      for (std::size_t i = pick(4); i > 0; --i)
        object[string()] = random_value(random, string, depth + 1);
      return object;
    }
    default: {
      nlohmann::json array = nlohmann::json::array();
      for (std::size_t i = pick(4); i > 0; --i)
        array.push_back(random_value(random, string, depth + 1));
      return array;
    }
  }
}

// Against a real parser: random documents (nested objects and arrays,
// strings with and without escapes, numbers, the key at every depth), each
// read back with nlohmann::json.
TEST(TopLevelString, AgreesWithAParserOnRandomDocuments) {
  std::mt19937_64 random(7);
  const auto pick = [&random](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  const std::vector<std::string> strings = {"eventId", "x", "shard-0:42", "a\"b", "{[,]}", "é", ""};
  const auto string = [&] { return strings[pick(strings.size())]; };
  const auto value = [&](int depth) { return random_value(random, string, depth); };
  int found = 0;
  for (int round = 0; round < 3000; ++round) {
    nlohmann::json document = nlohmann::json::object();
    for (std::size_t i = pick(5); i > 0; --i) document[strings[pick(strings.size())]] = value(1);
    const std::string text = document.dump(pick(2) == 0 ? -1 : 1);  // compact or indented
    std::optional<std::string> expected;
    if (auto it = document.find("eventId"); it != document.end() && it->is_string())
      expected = it->get<std::string>();
    ASSERT_EQ(top_level_string(text, "eventId"), expected) << text;
    found += expected.has_value() ? 1 : 0;
  }
  EXPECT_GT(found, 100);  // the key was there often enough to matter
}

// The one-pass scan for text without backslashes (every record a run
// writes) reads 64 bytes at a time and tells strings from structure by the
// quotes alone: long plain documents, brackets and the key inside strings,
// the key as a nested key or as a value, and fillers that move every field
// across the blocks' edges — each read back with nlohmann::json.
TEST(TopLevelString, AgreesWithAParserOnLongDocumentsWithoutEscapes) {
  std::mt19937_64 random(11);
  const auto pick = [&random](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  const std::vector<std::string> strings = {"eventId", "x", "{[,]}", "eventId}", "eventI", "e", ""};
  const auto filler = [&] { return std::string(pick(90), "ab{}[],: "[pick(9)]); };
  const auto string = [&] { return pick(2) == 0 ? strings[pick(strings.size())] : filler(); };
  const auto value = [&](int depth) { return random_value(random, string, depth); };
  int found = 0;
  for (int round = 0; round < 4000; ++round) {
    nlohmann::json document = nlohmann::json::object();
    for (std::size_t i = pick(7); i > 0; --i) {
      const std::string key = pick(3) == 0 ? "eventId" : filler();
      document[key] = pick(2) == 0 ? nlohmann::json(filler()) : value(1);
    }
    const std::string text = document.dump(pick(3) == 0 ? 2 : -1);
    std::optional<std::string> expected;
    if (auto it = document.find("eventId"); it != document.end() && it->is_string())
      expected = it->get<std::string>();
    ASSERT_EQ(top_level_string(text, "eventId"), expected) << text;
    found += expected.has_value() ? 1 : 0;
  }
  EXPECT_GT(found, 300);
}

// One buffer reused across records, as the harness reads a stream: each
// found value replaces the last whole, by either path (scan or parser).
// The quick test for whether a record can hold the key at all reads 16
// bytes at a time: the key is found wherever it sits relative to those
// steps and to the end, and near-misses (a quote and the first letter, a
// key cut short by the end) are not taken for it.
TEST(TopLevelString, FindsTheKeyAtEveryOffsetAndNotItsNearMisses) {
  for (std::size_t pad = 0; pad < 40; ++pad) {
    const std::string filler(pad, 'x');
    const std::string text = R"({"a":")" + filler + R"(","eventId":"v"})";
    EXPECT_EQ(top_level_string(text, "eventId"), "v") << pad;
    const std::string near = R"({"a":")" + filler + R"(","eventI":"v","e":"eventId"})";
    EXPECT_EQ(top_level_string(near, "eventId"), std::nullopt) << pad;
    const std::string truncated = R"({"a":")" + filler + R"(","eventI)";
    EXPECT_EQ(top_level_string(truncated, "eventId"), std::nullopt) << pad;
  }
}

TEST(TopLevelString, IntoAReusedBufferGivesEachValueWhole) {
  std::string value = "left over from before, longer than what follows";
  EXPECT_TRUE(top_level_string_into(R"({"eventId":"shardId-1:49"})", "eventId", value));
  EXPECT_EQ(value, "shardId-1:49");
  EXPECT_TRUE(top_level_string_into(R"({"eventId":"a\"b"})", "eventId", value));  // escapes
  EXPECT_EQ(value, "a\"b");
  EXPECT_FALSE(top_level_string_into(R"({"other":"x"})", "eventId", value));
  EXPECT_FALSE(top_level_string_into(R"({"eventId":7})", "eventId", value));
  EXPECT_TRUE(top_level_string_into(R"({"eventId":""})", "eventId", value));
  EXPECT_EQ(value, "");
}

}  // namespace
}  // namespace streamlab::harness
