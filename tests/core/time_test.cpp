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

}  // namespace
}  // namespace streamlab
