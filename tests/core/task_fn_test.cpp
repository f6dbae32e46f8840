// TaskFn: the scheduler's move-only task, closures kept in place up to its
// inline size, larger ones on the heap; each runs, moves and is destroyed
// exactly as the closure it holds.
#include "emulator/core/task_fn.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <vector>

namespace streamlab {
namespace {

// Counts its live copies, so a test sees every construction and destruction.
struct Counted {
  explicit Counted(int* counter) : live(counter) { ++*live; }
  Counted(const Counted& other) : live(other.live) { ++*live; }
  Counted(Counted&& other) noexcept : live(other.live) { ++*live; }
  Counted& operator=(const Counted&) = delete;
  Counted& operator=(Counted&&) = delete;
  ~Counted() { --*live; }
  int* live;
};

TEST(TaskFnTest, SmallAndLargeClosuresRunAndAreStoredWhereExpected) {
  int small_runs = 0, large_runs = 0;
  auto small = [&small_runs] { ++small_runs; };
  std::array<char, 200> payload{};
  payload[199] = 7;
  auto large = [&large_runs, payload] { large_runs += payload[199]; };
  static_assert(TaskFn::stored_inline<decltype(small)>());
  static_assert(!TaskFn::stored_inline<decltype(large)>());
  TaskFn a(small), b(large);
  a();
  b();
  b();
  EXPECT_EQ(small_runs, 1);
  EXPECT_EQ(large_runs, 14);
}

TEST(TaskFnTest, MovesCarryTheClosureAndEachIsDestroyedOnce) {
  for (bool large : {false, true}) {
    int live = 0, runs = 0;
    {
      std::vector<TaskFn> tasks;
      for (int i = 0; i < 50; ++i) {  // the vector's growth relocates them all
        Counted counted(&live);
        if (large) {
          std::array<char, 100> padding{};
          tasks.emplace_back([counted, padding, &runs] { runs += 1 + padding[0]; });
        } else {
          tasks.emplace_back([counted, &runs] { ++runs; });
        }
      }
      EXPECT_EQ(live, 50) << large;
      TaskFn moved = std::move(tasks[3]);
      EXPECT_FALSE(tasks[3]);  // NOLINT(bugprone-use-after-move): a moved-from task is empty
      EXPECT_EQ(live, 50) << large;
      moved();
      tasks[4] = std::move(moved);  // replaces (destroys) what tasks[4] held
      EXPECT_EQ(live, 49) << large;
      tasks[5] = nullptr;
      EXPECT_EQ(live, 48) << large;
      for (auto& task : tasks)
        if (task) task();
      EXPECT_EQ(runs, 1 + 48) << large;
    }
    EXPECT_EQ(live, 0) << large;
  }
}

TEST(TaskFnTest, HoldsMoveOnlyClosures) {
  auto owned = std::make_unique<int>(41);
  int seen = 0;
  TaskFn task([owned = std::move(owned), &seen] { seen = ++*owned; });
  TaskFn moved(std::move(task));
  moved();
  EXPECT_EQ(seen, 42);
}

TEST(TaskFnTest, EmptyUntilGivenACallable) {
  TaskFn empty;
  EXPECT_FALSE(empty);
  TaskFn null = nullptr;
  EXPECT_FALSE(null);
  int runs = 0;
  empty = TaskFn([&runs] { ++runs; });
  ASSERT_TRUE(empty);
  empty();
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace streamlab
