#include "emulator/core/time.h"

#include <gtest/gtest.h>

namespace streamlab {
namespace {

TEST(TimeTest, FormatsIso8601) {
  EXPECT_EQ(format_iso8601_millis(from_unix_millis(0)), "1970-01-01T00:00:00.000Z");
  // The workshop's sample event time.
  EXPECT_EQ(format_iso8601_millis(from_unix_millis(1490743763160)), "2017-03-28T23:29:23.160Z");
  EXPECT_EQ(format_iso8601_micros(from_unix_millis(951782400000) + Duration{7}),
            "2000-02-29T00:00:00.000007Z");
  EXPECT_EQ(format_iso8601_millis(kDefaultSimulationStart), "2017-03-28T00:00:00.000Z");
}

// The hand formatter pads every field and agrees with the calendar at its edges.
TEST(TimeTest, FormatsEveryFieldPadded) {
  EXPECT_EQ(format_iso8601_millis(from_unix_millis(951782400000 + 3723004)),
            "2000-02-29T01:02:03.004Z");
  EXPECT_EQ(format_iso8601_millis(from_unix_millis(253402300799999)), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso8601_millis(from_unix_millis(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso8601_millis(from_unix_millis(-62135596800000)), "0001-01-01T00:00:00.000Z");
}

// Appending writes after what the buffer holds, in both the hand-formatted
// range and the years outside it.
TEST(TimeTest, AppendsIso8601AfterExistingText) {
  std::string out = R"({"timeOrigin":")";
  append_iso8601_millis(out, from_unix_millis(1490743763160));
  EXPECT_EQ(out, R"({"timeOrigin":"2017-03-28T23:29:23.160Z)");
  out = "at ";
  append_iso8601_millis(out, from_unix_millis(253402300800000));  // year 10000
  EXPECT_EQ(out, "at 10000-01-01T00:00:00.000Z");
}

}  // namespace
}  // namespace streamlab
