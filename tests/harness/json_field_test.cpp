#include "harness/json_field.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace streamlab::harness
