#include "emulator/core/realtime_scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace streamlab {
namespace {

// The wall-clock scheduler: timers fire in order, cancelled ones do not, and
// work posted from another thread runs on the executor. Bounded: the last
// timer stops the loop after 30 ms, and a watchdog stops it after 10 s.
TEST(RealtimeSchedulerTest, RunsTimersInOrderAndAcceptsCrossThreadWork) {
  RealtimeScheduler scheduler({});
  std::vector<std::string> ran;
  const TimePoint start = scheduler.now();
  scheduler.schedule_after(std::chrono::milliseconds(20), "second",
                           [&] { ran.push_back("second"); });
  scheduler.schedule_after(std::chrono::milliseconds(5), "first", [&] { ran.push_back("first"); });
  const TaskId cancelled = scheduler.schedule_after(std::chrono::milliseconds(10), "cancelled",
                                                    [&] { ran.push_back("x"); });
  EXPECT_TRUE(scheduler.cancel(cancelled));
  scheduler.schedule_after(std::chrono::milliseconds(30), "stop", [&] { scheduler.stop(); });
  std::thread other(
      [&] { scheduler.post_from_any_thread("posted", [&] { ran.push_back("posted"); }); });
  std::thread watchdog([&] {
    std::this_thread::sleep_for(std::chrono::seconds(10));
    scheduler.stop();
  });
  watchdog.detach();
  scheduler.run();
  other.join();
  ASSERT_EQ(ran.size(), 3u);
  EXPECT_NE(std::find(ran.begin(), ran.end(), "posted"), ran.end());
  std::erase(ran, "posted");
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "second"}));
  EXPECT_GE(scheduler.now() - start, std::chrono::milliseconds(30));
}

}  // namespace
}  // namespace streamlab
