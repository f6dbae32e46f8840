#include "emulator/core/trace.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "emulator/core/simulated_scheduler.h"

namespace streamlab {
namespace {

TEST(TraceTest, TextLinesCarryTimeTaskAndEvent) {
  std::ostringstream out;
  TraceRecorder trace(out, TraceFormat::kText);
  SimulatedScheduler scheduler({.seed = 1, .trace = &trace});
  scheduler.schedule_after(std::chrono::milliseconds(1500), "poll core/shardId-000000000000",
                           [&] { scheduler.note("GetRecords returned 0 records"); });
  scheduler.run_until_idle();
  EXPECT_EQ(out.str(),
            "2017-03-28T00:00:01.500000Z [poll core/shardId-000000000000] run\n"
            "2017-03-28T00:00:01.500000Z [poll core/shardId-000000000000] GetRecords returned 0 "
            "records\n");
  EXPECT_EQ(trace.lines_written(), 2u);
}

TEST(TraceTest, JsonLinesAreValidJsonWithEscaping) {
  std::ostringstream out;
  TraceRecorder trace(out, TraceFormat::kJsonLines);
  trace.record(from_unix_millis(1000), "task \"q\"", "line\nbreak");
  const auto line = nlohmann::json::parse(out.str());
  EXPECT_EQ(line.at("time"), "1970-01-01T00:00:01.000000Z");
  EXPECT_EQ(line.at("time_us"), 1000000);
  EXPECT_EQ(line.at("task"), "task \"q\"");
  EXPECT_EQ(line.at("event"), "line\nbreak");
}

}  // namespace
}  // namespace streamlab
