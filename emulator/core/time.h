// Time on the scheduler's clock.
//
// TimePoint counts microseconds since the Unix epoch. It is a distinct clock
// type with no now(): the only way to learn the time is Scheduler::now(), so
// nothing on the simulation path can read the wall clock by accident.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace streamlab {

struct SchedulerClock {
  using rep = std::int64_t;
  using period = std::micro;
  using duration = std::chrono::microseconds;
  using time_point = std::chrono::time_point<SchedulerClock>;
  static constexpr bool is_steady = false;
};

using Duration = std::chrono::microseconds;
using TimePoint = SchedulerClock::time_point;

inline constexpr TimePoint from_unix_millis(std::int64_t ms) {
  return TimePoint(std::chrono::milliseconds(ms));
}
inline constexpr std::int64_t to_unix_millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline constexpr std::int64_t to_unix_micros(TimePoint t) { return t.time_since_epoch().count(); }

// "2017-03-28T23:29:23.160Z" (millisecond precision, as AWS and the workshop events use).
std::string format_iso8601_millis(TimePoint t);
// The same appended to `out` (a record being written needs no string of its own).
void append_iso8601_millis(std::string& out, TimePoint t);
// "2017-03-28T23:29:23.160123Z" (microsecond precision, for traces).
std::string format_iso8601_micros(TimePoint t);

// The simulated clock starts here unless a scenario says otherwise:
// 2017-03-28T00:00:00Z, the day of the workshop's sample events.
inline constexpr TimePoint kDefaultSimulationStart = from_unix_millis(1490659200000);

}  // namespace streamlab
