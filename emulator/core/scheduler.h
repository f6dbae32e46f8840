// The scheduler: the one seam through which streamlab touches time and concurrency.
//
// Every service, poller and function schedules its timers, "run this later"
// steps and concurrent tasks here; nothing else may sleep, read the wall
// clock or start threads. Two implementations share this interface:
//   - SimulatedScheduler: a virtual clock for scenarios, seeded and exact;
//   - RealtimeScheduler: Boost.Asio on the wall clock, for `streamlab serve`.
//
// Thread-safety: a Scheduler and everything scheduled on it run on one
// thread (the simulation loop, or the Asio executor). Other threads hand work
// in through RealtimeScheduler::post_from_any_thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "emulator/core/seeded_random.h"
#include "emulator/core/task_fn.h"
#include "emulator/core/time.h"

namespace streamlab {

using TaskId = std::uint64_t;

class Scheduler {
 public:
  virtual ~Scheduler() = default;

  virtual TimePoint now() const = 0;

  // Runs `fn` at `due` (a due time in the past means "as soon as possible").
  // Tasks due at the same instant run in an unspecified order: the simulated
  // scheduler draws it from its seed, which is how races are explored.
  // `label` names the task in traces ("poll core/shardId-000000000000").
  // Both are taken by rvalue reference, so a task passed on from
  // schedule_after or post is moved once, into the queue: a simulation
  // schedules every step of every call, and each move of a task is an
  // indirect call.
  virtual TaskId schedule_at(TimePoint due, std::string&& label, TaskFn&& fn) = 0;

  // Cancels a task that has not started yet. Returns false when it already
  // ran, was cancelled before, or never existed.
  virtual bool cancel(TaskId id) = 0;

  // How long a service call of the named operation takes ("kinesis.PutRecords").
  virtual Duration draw_latency(std::string_view operation) = 0;

  // Seeded randomness for choices that are part of a run (ids, fault draws).
  virtual SeededRandom& random() = 0;

  // Records what the running task did in the trace, if one is attached.
  virtual void note(std::string_view event) = 0;
  // True when notes are recorded; lets callers skip building note strings.
  virtual bool tracing() const = 0;

  TaskId schedule_after(Duration delay, std::string label, TaskFn fn) {
    return schedule_at(now() + delay, std::move(label), std::move(fn));
  }
  // Runs `fn` at the current instant, after the running task returns.
  TaskId post(std::string label, TaskFn fn) {
    return schedule_at(now(), std::move(label), std::move(fn));
  }
};

}  // namespace streamlab
