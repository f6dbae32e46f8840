#include "emulator/core/trace.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace streamlab {

void TraceRecorder::record(TimePoint time, std::string_view task, std::string_view event) {
  ++lines_;
  if (format_ == TraceFormat::kText) {
    out_ << format_iso8601_micros(time) << " [" << task << "] " << event << '\n';
    return;
  }
  nlohmann::ordered_json line;
  line["time"] = format_iso8601_micros(time);
  line["time_us"] = to_unix_micros(time);
  line["task"] = task;
  line["event"] = event;
  out_ << line.dump() << '\n';
}

}  // namespace streamlab
