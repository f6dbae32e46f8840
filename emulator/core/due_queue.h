// The simulated scheduler's queue: what orders its tasks, first due first.
//
// Entries are ordered by due time, then by the seeded tie-break drawn when
// the task was scheduled, then by task id (unique): the order is total, so
// any correct heap pops the same sequence (std::pop_heap's included, which
// this replaced). Four-ary with a moving hole: a node's children share two
// cache lines, and each entry moves once per level instead of being swapped.
// The queue holds a few hundred tasks in a million-event run, but every task
// of the run passes through it.
#pragma once

#include <cstdint>
#include <vector>

#include "emulator/core/time.h"

namespace streamlab {

struct DueEntry {
  TimePoint due;
  std::uint64_t tie_break;
  std::uint64_t id;    // the task's id
  std::uint32_t slot;  // where the scheduler keeps the task itself
};

// True when `a` runs before `b`.
inline bool runs_before(const DueEntry& a, const DueEntry& b) {
  if (a.due != b.due) return a.due < b.due;
  if (a.tie_break != b.tie_break) return a.tie_break < b.tie_break;
  return a.id < b.id;
}

class DueQueue {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // REQUIRES: !empty(). The entry that runs first.
  const DueEntry& front() const { return heap_.front(); }

  void push(const DueEntry& entry);
  // REQUIRES: !empty(). Removes and returns front().
  DueEntry pop();

 private:
  std::vector<DueEntry> heap_;
};

}  // namespace streamlab
