// A trace of a run: one line per scheduled step and per note a task makes.
//
// Text lines read "2017-03-28T00:00:01.000000Z [task label] event"; JSON lines
// are {"time": ..., "time_us": ..., "task": ..., "event": ...}. Nothing in a
// trace depends on the wall clock or on addresses, so the same scenario and
// seed give the same bytes.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string_view>

#include "emulator/core/time.h"

namespace streamlab {

enum class TraceFormat { kText, kJsonLines };

class TraceRecorder {
 public:
  // `out` must outlive the recorder.
  TraceRecorder(std::ostream& out, TraceFormat format) : out_(out), format_(format) {}

  void record(TimePoint time, std::string_view task, std::string_view event);
  std::uint64_t lines_written() const { return lines_; }

 private:
  std::ostream& out_;
  TraceFormat format_;
  std::uint64_t lines_ = 0;
};

}  // namespace streamlab
