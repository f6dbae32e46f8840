#include "emulator/core/simulated_scheduler.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <sstream>
#include <vector>

namespace streamlab {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Three tasks race at t=1s; each, when it runs, schedules a follow-up at the
// same instant (as a continuation would). Returns the trace and run order.
std::pair<std::string, std::string> racing_workload(std::uint64_t seed) {
  std::ostringstream out;
  TraceRecorder trace(out, TraceFormat::kText);
  SimulatedScheduler scheduler({.seed = seed, .trace = &trace});
  std::string order;
  for (char name : std::string("ABC")) {
    scheduler.schedule_after(seconds(1), std::string("writer ") + name, [&, name] {
      order.push_back(name);
      scheduler.note(std::string("wrote ") + name);
      scheduler.post(std::string("ack ") + name,
                     [&, name] { order.push_back(static_cast<char>(name - 'A' + 'a')); });
    });
  }
  scheduler.run_until_idle();
  return {out.str(), order};
}

TEST(SimulatedSchedulerTest, SameSeedGivesByteIdenticalTrace) {
  for (std::uint64_t seed : {0ULL, 1ULL, 99ULL, 123456789ULL}) {
    const auto first = racing_workload(seed);
    const auto second = racing_workload(seed);
    EXPECT_EQ(first.first, second.first) << "seed " << seed;
    EXPECT_EQ(first.second, second.second);
    EXPECT_FALSE(first.first.empty());
  }
}

TEST(SimulatedSchedulerTest, DifferentSeedsExploreDifferentOrders) {
  std::set<std::string> first_writers;
  std::set<std::string> orders;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const auto order = racing_workload(seed).second;
    first_writers.insert(order.substr(0, 1));
    orders.insert(order);
  }
  EXPECT_EQ(first_writers, (std::set<std::string>{"A", "B", "C"}));
  // Continuations interleave with the other writers, too: more than the 6 writer orders.
  EXPECT_GT(orders.size(), 6u);
}

TEST(SimulatedSchedulerTest, TimersFireInTimeOrder) {
  SimulatedScheduler scheduler({.seed = 3});
  std::vector<int> fired;
  std::vector<TimePoint> at;
  const TimePoint start = scheduler.now();
  for (int delay_ms : {500, 20, 1000, 0, 300, 20}) {
    scheduler.schedule_after(milliseconds(delay_ms), "timer", [&, delay_ms] {
      fired.push_back(delay_ms);
      at.push_back(scheduler.now());
    });
  }
  scheduler.run_until_idle();
  EXPECT_EQ(fired, (std::vector<int>{0, 20, 20, 300, 500, 1000}));
  EXPECT_EQ(at.back(), start + milliseconds(1000));
}

TEST(SimulatedSchedulerTest, TwentyFourHourWaitIsOneStep) {
  // The clock jumps to the next due task: a day of virtual time costs one step,
  // not 86,400 ticks of polling.
  SimulatedScheduler scheduler({.seed = 1});
  const TimePoint start = scheduler.now();
  bool fired = false;
  scheduler.schedule_after(hours(24), "retention", [&] { fired = true; });
  EXPECT_EQ(scheduler.run_until_idle(), 1u);
  EXPECT_TRUE(fired);
  EXPECT_EQ(scheduler.now() - start, hours(24));
}

TEST(SimulatedSchedulerTest, RunUntilStopsAtDeadlineAndSetsClock) {
  SimulatedScheduler scheduler({.seed = 1});
  const TimePoint start = scheduler.now();
  int ran = 0;
  scheduler.schedule_after(seconds(1), "a", [&] { ++ran; });
  scheduler.schedule_after(seconds(3), "b", [&] { ++ran; });
  EXPECT_EQ(scheduler.run_for(seconds(2)), 1u);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(scheduler.now(), start + seconds(2));
  EXPECT_EQ(scheduler.pending(), 1u);
}

TEST(SimulatedSchedulerTest, CancelledTasksDoNotRun) {
  SimulatedScheduler scheduler({.seed = 1});
  bool ran = false;
  const TaskId id = scheduler.schedule_after(seconds(1), "t", [&] { ran = true; });
  EXPECT_TRUE(scheduler.cancel(id));
  EXPECT_FALSE(scheduler.cancel(id));
  EXPECT_EQ(scheduler.pending(), 0u);
  scheduler.run_until_idle();
  EXPECT_FALSE(ran);
}

TEST(SimulatedSchedulerTest, ATaskThatRanOrNeverExistedCannotBeCancelled) {
  SimulatedScheduler scheduler({.seed = 1});
  const TaskId first = scheduler.schedule_after(seconds(1), "first", [] {});
  TaskId self = 0;
  bool cancelled_itself = true;
  self = scheduler.schedule_after(seconds(2), "self",
                                  [&] { cancelled_itself = scheduler.cancel(self); });
  const TaskId later = scheduler.schedule_after(seconds(3), "later", [] {});
  scheduler.run_for(seconds(2));
  EXPECT_FALSE(scheduler.cancel(first));  // already ran
  EXPECT_FALSE(cancelled_itself);         // a running task is no longer queued
  EXPECT_FALSE(scheduler.cancel(0));
  EXPECT_FALSE(scheduler.cancel(later + 100));
  EXPECT_EQ(scheduler.pending(), 1u);
  EXPECT_TRUE(scheduler.cancel(later));
  EXPECT_EQ(scheduler.pending(), 0u);
}

// Which tasks ran or were cancelled is kept a bit each, 64 to a word: across
// many words, exactly the tasks not cancelled run, and each cancel answers
// for its own task only.
TEST(SimulatedSchedulerTest, CancellingAmongHundredsOfTasksStopsExactlyThoseTasks) {
  SimulatedScheduler scheduler({.seed = 3});
  constexpr int kTasks = 300;
  std::vector<int> ran(kTasks, 0);
  std::vector<TaskId> ids;
  for (int i = 0; i < kTasks; ++i)
    ids.push_back(scheduler.schedule_after(seconds(1 + i % 7), "t", [&ran, i] { ++ran[i]; }));
  for (int i = 0; i < kTasks; i += 3) EXPECT_TRUE(scheduler.cancel(ids[i])) << i;
  for (int i = 0; i < kTasks; i += 3) EXPECT_FALSE(scheduler.cancel(ids[i])) << i;
  EXPECT_EQ(scheduler.pending(), static_cast<std::size_t>(kTasks - (kTasks + 2) / 3));
  scheduler.run_until_idle();
  for (int i = 0; i < kTasks; ++i) EXPECT_EQ(ran[i], i % 3 == 0 ? 0 : 1) << i;
  for (int i = 1; i < kTasks; i += 3) EXPECT_FALSE(scheduler.cancel(ids[i])) << i;  // ran
}

// A task's label reaches the trace however it was scheduled (schedule_at,
// schedule_after, post), also when the running task schedules so many others
// that the scheduler's storage grows under it; and a task's closure is
// released once it has run or, cancelled, once it reaches the front.
TEST(SimulatedSchedulerTest, LabelsReachTheTraceAndClosuresAreReleased) {
  std::ostringstream out;
  TraceRecorder trace(out, TraceFormat::kText);
  SimulatedScheduler scheduler({.seed = 5, .trace = &trace});
  auto held = std::make_shared<int>(0);
  int children = 0;
  scheduler.schedule_at(scheduler.now() + seconds(1), "parent", [&, held] {
    for (int i = 0; i < 100; ++i)
      scheduler.post("child " + std::to_string(i), [&children] { ++children; });
    scheduler.note("spawned");
    EXPECT_EQ(held.use_count(), 3);  // this closure's copy is alive while it runs
  });
  const TaskId cancelled = scheduler.schedule_after(seconds(2), "cancelled", [held] {});
  scheduler.schedule_after(seconds(3), "last", [] {});
  EXPECT_EQ(held.use_count(), 3);
  scheduler.run_for(seconds(1));
  EXPECT_EQ(children, 100);
  EXPECT_EQ(held.use_count(), 2);  // the parent's closure is gone
  EXPECT_TRUE(scheduler.cancel(cancelled));
  scheduler.run_until_idle();
  EXPECT_EQ(held.use_count(), 1);  // so is the cancelled one's
  const std::string text = out.str();
  for (const char* expected : {"parent", "spawned", "child 0", "child 99", "last"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in\n" << text;
  EXPECT_EQ(text.find("cancelled"), std::string::npos);
}

TEST(SimulatedSchedulerTest, PastDueTimeRunsNowNotBackwards) {
  SimulatedScheduler scheduler({.seed = 1});
  scheduler.run_for(seconds(10));
  const TimePoint now = scheduler.now();
  TimePoint ran_at{};
  scheduler.schedule_at(now - seconds(5), "late", [&] { ran_at = scheduler.now(); });
  scheduler.run_until_idle();
  EXPECT_EQ(ran_at, now);
}

TEST(SimulatedSchedulerTest, LatencyDrawsAreSeeded) {
  auto draws = [](std::uint64_t seed) {
    LatencyModel model;
    model.set_default(LatencyDistribution::uniform(Duration{0}, Duration{1000000}));
    SimulatedScheduler scheduler({.seed = seed, .latencies = model});
    std::vector<Duration> out;
    for (int i = 0; i < 10; ++i) out.push_back(scheduler.draw_latency("kinesis.PutRecords"));
    return out;
  };
  EXPECT_EQ(draws(4), draws(4));
  EXPECT_NE(draws(4), draws(5));
}

}  // namespace
}  // namespace streamlab
