#include "emulator/core/due_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace streamlab {
namespace {

bool same(const DueEntry& a, const DueEntry& b) {
  return a.due == b.due && a.tie_break == b.tie_break && a.id == b.id && a.slot == b.slot;
}

TEST(DueQueueTest, RunsByDueTimeThenTieBreakThenId) {
  const TimePoint t = kDefaultSimulationStart;
  EXPECT_TRUE(runs_before({t, 9, 9, 0}, {t + Duration(1), 0, 0, 0}));
  EXPECT_TRUE(runs_before({t, 1, 9, 0}, {t, 2, 0, 0}));
  EXPECT_TRUE(runs_before({t, 1, 1, 0}, {t, 1, 2, 0}));
  EXPECT_FALSE(runs_before({t, 1, 2, 0}, {t, 1, 2, 0}));
}

// Pushes and pops interleaved as a run does them (mostly tasks due now,
// with equal tie-breaks forced), checked against a sorted reference: the
// queue must pop exactly the sequence any correct priority queue would.
TEST(DueQueueTest, PopsWhatASortedReferenceWouldUnderRandomPushesAndPops) {
  std::mt19937_64 random(17);
  DueQueue queue;
  std::vector<DueEntry> reference;  // kept sorted, first to run last
  const auto later = [](const DueEntry& a, const DueEntry& b) { return runs_before(b, a); };
  std::uint64_t next_id = 1;
  TimePoint now = kDefaultSimulationStart;
  std::size_t popped = 0;
  for (int step = 0; step < 200000; ++step) {
    const bool push = reference.empty() || random() % 100 < (step < 100000 ? 55 : 45);
    if (push) {
      const TimePoint due = now + Duration(random() % 4 == 0 ? random() % 50 : 0);
      const std::uint64_t tie_break = random() % 8 == 0 ? 7 : random();
      const DueEntry entry{due, tie_break, next_id++, static_cast<std::uint32_t>(random())};
      queue.push(entry);
      reference.insert(std::upper_bound(reference.begin(), reference.end(), entry, later), entry);
    } else {
      ASSERT_FALSE(queue.empty());
      ASSERT_TRUE(same(queue.front(), reference.back())) << "at step " << step;
      const DueEntry entry = queue.pop();
      ASSERT_TRUE(same(entry, reference.back())) << "at step " << step;
      reference.pop_back();
      now = entry.due;
      ++popped;
    }
    ASSERT_EQ(queue.size(), reference.size());
  }
  while (!reference.empty()) {
    ASSERT_TRUE(same(queue.pop(), reference.back()));
    reference.pop_back();
  }
  EXPECT_TRUE(queue.empty());
  EXPECT_GT(popped, 90000u);
}

}  // namespace
}  // namespace streamlab
