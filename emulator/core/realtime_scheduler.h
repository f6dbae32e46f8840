// The scheduler on the wall clock, for `streamlab serve`, built on Boost.Asio.
//
// All emulator state lives on this scheduler's single executor thread (the
// one that calls run()). HTTP threads hand requests in with
// post_from_any_thread(); everything else must be called on the executor.
// This file and the HTTP transport are the only places allowed to read the
// wall clock or touch threads (see tools/lint-determinism).
#pragma once

#include <memory>

#include "emulator/core/latency_model.h"
#include "emulator/core/scheduler.h"
#include "emulator/core/trace.h"

namespace streamlab {

class RealtimeScheduler final : public Scheduler {
 public:
  struct Options {
    std::uint64_t seed = 0;          // for ids and fault draws; serve is not replayable anyway
    TraceRecorder* trace = nullptr;  // not owned; may be null
  };

  explicit RealtimeScheduler(Options options);
  ~RealtimeScheduler() override;

  TimePoint now() const override;
  TaskId schedule_at(TimePoint due, std::string&& label, TaskFn&& fn) override;
  bool cancel(TaskId id) override;
  // Real service calls take the time they take: no added latency.
  Duration draw_latency(std::string_view) override { return Duration{0}; }
  SeededRandom& random() override;
  void note(std::string_view event) override;
  bool tracing() const override;

  // Runs the executor on the calling thread until stop() is called.
  void run();
  // Thread-safe: makes run() return soon.
  void stop();
  // Thread-safe: runs `fn` on the executor thread.
  void post_from_any_thread(std::string label, TaskFn fn);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamlab
