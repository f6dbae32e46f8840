#include "emulator/core/simulated_scheduler.h"

#include <cstdio>
#include <cstdlib>

namespace streamlab {
namespace {
// Stream numbers for SeededRandom::derived; fixed forever so traces stay stable.
constexpr std::uint64_t kTaskStream = 1;
constexpr std::uint64_t kOrderStream = 2;
constexpr std::uint64_t kLatencyStream = 3;
}  // namespace

SimulatedScheduler::SimulatedScheduler(Options options)
    : seed_(options.seed),
      now_(options.start),
      random_(SeededRandom::derived(options.seed, kTaskStream)),
      order_random_(SeededRandom::derived(options.seed, kOrderStream)),
      latency_random_(SeededRandom::derived(options.seed, kLatencyStream)),
      latencies_(std::move(options.latencies)),
      trace_(options.trace) {}

TaskId SimulatedScheduler::schedule_at(TimePoint due, std::string&& label, TaskFn&& fn) {
  if (due < now_) due = now_;
  const TaskId id = next_id_++;
  if ((id & 63) == 0) finished_.push_back(0);
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(tasks_.size());
    tasks_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  Task& task = tasks_[slot];
  task.fn = std::move(fn);
  if (trace_) task.label = std::move(label);  // labels show only in traces
  queue_.push(DueEntry{due, order_random_.next_u64(), id, slot});
  return id;
}

bool SimulatedScheduler::cancel(TaskId id) {
  if (id >= next_id_ || finished(id)) return false;
  mark_finished(id);
  ++cancelled_in_queue_;
  return true;
}

Duration SimulatedScheduler::draw_latency(std::string_view operation) {
  return latencies_.draw(operation, latency_random_);
}

void SimulatedScheduler::note(std::string_view event) {
  if (trace_) trace_->record(now_, running_label_, event);
}

void SimulatedScheduler::drop_cancelled_front() {
  while (!queue_.empty() && finished(queue_.front().id)) {
    const std::uint32_t slot = queue_.pop().slot;
    tasks_[slot].fn = nullptr;  // releases what the function holds
    tasks_[slot].label.clear();
    free_slots_.push_back(slot);
    --cancelled_in_queue_;
  }
}

void SimulatedScheduler::run_next() {
  const DueEntry entry = queue_.pop();
  // The function runs from here, not from its slot: what it schedules may
  // grow tasks_ (and move every slot) or reuse the slot.
  TaskFn fn = std::move(tasks_[entry.slot].fn);
  if (trace_) running_label_ = std::move(tasks_[entry.slot].label);
  free_slots_.push_back(entry.slot);
  if (entry.due < now_) {
    std::fprintf(stderr, "streamlab bug: simulated clock would move backwards\n");
    std::abort();
  }
  now_ = entry.due;
  mark_finished(entry.id);
  ++steps_run_;
  if (trace_) trace_->record(now_, running_label_, "run");
  fn();
}

bool SimulatedScheduler::step() {
  drop_cancelled_front();
  if (queue_.empty()) return false;
  run_next();
  return true;
}

std::uint64_t SimulatedScheduler::run_until_idle(std::uint64_t max_steps) {
  std::uint64_t steps = 0;
  while (steps < max_steps && step()) ++steps;
  return steps;
}

std::uint64_t SimulatedScheduler::run_until(TimePoint deadline) {
  std::uint64_t steps = 0;
  for (;;) {
    drop_cancelled_front();
    if (queue_.empty() || queue_.front().due > deadline) break;
    run_next();
    ++steps;
  }
  if (deadline > now_) now_ = deadline;
  return steps;
}

}  // namespace streamlab
