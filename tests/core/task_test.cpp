#include "emulator/core/task.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/core/trace.h"

namespace streamlab {
namespace {

using std::chrono::milliseconds;

Task<int> add_later(Scheduler& scheduler, int a, int b) {
  auto pause = wait_for(scheduler, milliseconds(5), "wait");
  co_await pause;
  co_return a + b;
}

Task<int> nested(Scheduler& scheduler) {
  auto first_task = add_later(scheduler, 1, 2);
  const int first = co_await first_task;
  auto second_task = add_later(scheduler, first, 10);
  const int second = co_await second_task;
  co_return second;
}

TEST(TaskTest, NestedTasksReturnValuesOnTheVirtualClock) {
  SimulatedScheduler scheduler({.seed = 1});
  TaskGroup group;
  int result = 0;
  group.spawn(nested(scheduler), [&](int value) { result = value; });
  EXPECT_EQ(group.running(), 1u);
  scheduler.run_until_idle();
  EXPECT_EQ(result, 13);
  EXPECT_EQ(group.running(), 0u);
  EXPECT_EQ(scheduler.now() - kDefaultSimulationStart, milliseconds(10));
}

TEST(TaskTest, ServiceCallTakesEffectHalfwayAndResumesAtTheEnd) {
  LatencyModel latencies;
  latencies.set("db.Write", LatencyDistribution::fixed(milliseconds(10)));
  SimulatedScheduler scheduler({.seed = 1, .latencies = latencies});
  TaskGroup group;
  TimePoint effect_at{}, resumed_at{};
  auto task = [&]() -> Task<void> {
    auto write = call(scheduler, "db.Write", [&] {
      effect_at = scheduler.now();
      return 7;
    });
    const int out = co_await write;
    EXPECT_EQ(out, 7);
    resumed_at = scheduler.now();
  };
  group.spawn(task(), [] {});
  scheduler.run_until_idle();
  EXPECT_EQ(effect_at - kDefaultSimulationStart, milliseconds(5));
  EXPECT_EQ(resumed_at - kDefaultSimulationStart, milliseconds(10));
}

// Two tasks read a counter and write it back +1 (a read-modify-write without
// a condition). Calls are separate scheduler steps, so some seeds interleave
// them and lose an update; others do not. This is the granularity races need.
int lost_updates_with_seed(std::uint64_t seed) {
  SimulatedScheduler scheduler({.seed = seed});
  TaskGroup group;
  int counter = 0;
  auto increment = [&]() -> Task<void> {
    auto read = call(scheduler, "read", [&] { return counter; });
    const int seen = co_await read;
    auto write = call(scheduler, "write", [&, seen] {
      counter = seen + 1;
      return 0;
    });
    co_await write;
  };
  group.spawn(increment(), [] {});
  group.spawn(increment(), [] {});
  scheduler.run_until_idle();
  return 2 - counter;
}

// A traced call shows as two tasks: the operation, then its reply (labels
// are built only when a trace records them).
TEST(TaskTest, ATracedCallNamesTheOperationAndItsReply) {
  std::ostringstream out;
  TraceRecorder trace(out, TraceFormat::kText);
  SimulatedScheduler scheduler({.seed = 1, .trace = &trace});
  TaskGroup group;
  auto task = [&]() -> Task<void> {
    auto write = call(scheduler, "dynamodb.UpdateItem", [] { return 1; });
    co_await write;
  };
  group.spawn(task(), [] {});
  scheduler.run_until_idle();
  const std::string text = out.str();
  const auto operation = text.find("dynamodb.UpdateItem");
  ASSERT_NE(operation, std::string::npos) << text;
  EXPECT_NE(text.find("dynamodb.UpdateItem reply", operation + 1), std::string::npos) << text;
}

TEST(TaskTest, ConcurrentTasksInterleaveBetweenCallsDependingOnTheSeed) {
  std::set<int> outcomes;
  for (std::uint64_t seed = 0; seed < 64; ++seed) outcomes.insert(lost_updates_with_seed(seed));
  EXPECT_EQ(outcomes, (std::set<int>{0, 1}));
  EXPECT_EQ(lost_updates_with_seed(5), lost_updates_with_seed(5));
}

TEST(TaskTest, ExpiredLivenessFreezesTheTask) {
  SimulatedScheduler scheduler({.seed = 1});
  auto group = std::make_unique<TaskGroup>();
  Liveness liveness = make_liveness();
  bool effect = false, finished = false;
  auto task = [&]() -> Task<void> {
    auto pause = wait_for(scheduler, milliseconds(5), "sleep", liveness);
    co_await pause;
    auto write = call(
        scheduler, "write",
        [&] {
          effect = true;
          return 0;
        },
        liveness);
    co_await write;
    finished = true;
  };
  group->spawn(task(), [] {});
  *liveness = false;  // e.g. the invocation timed out
  scheduler.run_until_idle();
  EXPECT_FALSE(effect);
  EXPECT_FALSE(finished);
  EXPECT_EQ(group->running(), 1u);
  group.reset();  // destroys the frozen frame (AddressSanitizer checks for leaks)
}

TEST(TaskTest, WhenAllRunsChildrenConcurrentlyAndWaitsForAll) {
  SimulatedScheduler scheduler({.seed = 1});
  TaskGroup group;
  std::vector<int> finished;
  auto child = [&](int id, int ms) -> Task<void> {
    auto pause = wait_for(scheduler, milliseconds(ms), "child");
    co_await pause;
    finished.push_back(id);
  };
  bool joined = false;
  auto parent = [&]() -> Task<void> {
    std::vector<Task<void>> children;
    children.push_back(child(1, 30));
    children.push_back(child(2, 10));
    auto all = when_all(scheduler, std::move(children));
    co_await all;
    joined = true;
  };
  group.spawn(parent(), [] {});
  scheduler.run_until_idle();
  EXPECT_TRUE(joined);
  EXPECT_EQ(finished, (std::vector<int>{2, 1}));  // concurrent: the shorter one finished first
  EXPECT_EQ(scheduler.now() - kDefaultSimulationStart, milliseconds(30));
}

}  // namespace
}  // namespace streamlab
