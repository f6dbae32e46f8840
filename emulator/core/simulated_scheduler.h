// A virtual clock for scenarios: deterministic, seeded, and as fast as the work.
//
// The clock jumps straight to the next due task, so a 24-hour wait costs
// nothing. Each task gets a tie-break key from the seeded RNG when it is
// scheduled; among tasks due at the same instant the smallest key runs first,
// which makes their order a seeded random permutation: one seed, one
// interleaving; the same seed, the same trace.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "emulator/core/due_queue.h"
#include "emulator/core/latency_model.h"
#include "emulator/core/scheduler.h"
#include "emulator/core/trace.h"

namespace streamlab {

class SimulatedScheduler final : public Scheduler {
 public:
  struct Options {
    std::uint64_t seed = 0;
    TimePoint start = kDefaultSimulationStart;
    LatencyModel latencies;          // zero latency unless configured
    TraceRecorder* trace = nullptr;  // not owned; may be null
  };

  explicit SimulatedScheduler(Options options);

  TimePoint now() const override { return now_; }
  TaskId schedule_at(TimePoint due, std::string&& label, TaskFn&& fn) override;
  bool cancel(TaskId id) override;
  Duration draw_latency(std::string_view operation) override;
  SeededRandom& random() override { return random_; }
  void note(std::string_view event) override;
  bool tracing() const override { return trace_ != nullptr; }

  // Runs the next task, moving the clock to its due time. False when none is left.
  bool step();
  // Runs tasks until none is left or `max_steps` have run. Returns the steps run.
  std::uint64_t run_until_idle(std::uint64_t max_steps = UINT64_MAX);
  // Runs every task due at or before `deadline`, then sets the clock to it.
  std::uint64_t run_until(TimePoint deadline);
  std::uint64_t run_for(Duration duration) { return run_until(now_ + duration); }

  std::size_t pending() const { return queue_.size() - cancelled_in_queue_; }
  std::uint64_t steps_run() const { return steps_run_; }
  std::uint64_t seed() const { return seed_; }

 private:
  struct Task {
    std::string label;  // kept only when tracing
    TaskFn fn;
  };

  // REQUIRES: a live task is queued. Pops it and runs it.
  void run_next();
  void drop_cancelled_front();

  std::uint64_t seed_;
  TimePoint now_;
  SeededRandom random_;          // for tasks' own choices
  SeededRandom order_random_;    // for same-instant ordering only
  SeededRandom latency_random_;  // for latency draws only
  LatencyModel latencies_;
  TraceRecorder* trace_;
  // Holds only what orders tasks (small and trivially copied); the task
  // itself waits in a slot, reused once it has run.
  DueQueue queue_;
  std::vector<Task> tasks_;  // by DueEntry::slot
  std::vector<std::uint32_t> free_slots_;
  std::size_t cancelled_in_queue_ = 0;
  // By task id, one bit each: ran or cancelled. cancel() is then O(1) however
  // long the queue (every invocation cancels its timeout timer); a cancelled
  // task's function is released when it reaches the front. Held in words, one
  // added every 64 tasks (std::vector<bool>'s push_back cost more than the
  // rest of scheduling's bookkeeping).
  std::vector<std::uint64_t> finished_ = {1};  // id 0 is never a task
  bool finished(TaskId id) const { return ((finished_[id >> 6] >> (id & 63)) & 1) != 0; }
  void mark_finished(TaskId id) { finished_[id >> 6] |= std::uint64_t{1} << (id & 63); }
  TaskId next_id_ = 1;
  std::uint64_t steps_run_ = 0;
  std::string running_label_;  // when tracing
};

}  // namespace streamlab
