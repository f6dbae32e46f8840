// CloudWatch Logs, as far as Lambda needs it: log groups, log streams, events,
// and the read APIs DescribeLogStreams, GetLogEvents, FilterLogEvents.
//
// Times are scheduler times (ms). Events of a stream keep their write order.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/scheduler.h"
#include "emulator/core/status.h"

namespace streamlab::logs {

struct LogEvent {
  std::int64_t timestamp_ms = 0;
  std::string message;
  std::int64_t ingestion_time_ms = 0;
};

struct LogStreamInfo {
  std::string name;
  std::int64_t creation_time_ms = 0;
  std::optional<std::int64_t> first_event_ms;
  std::optional<std::int64_t> last_event_ms;
  std::size_t stored_bytes = 0;
};

struct FilteredEvent {
  std::string log_stream_name;
  LogEvent event;
};

class LogsService {
 public:
  explicit LogsService(Scheduler& scheduler) : scheduler_(scheduler) {}

  // Creates the group and stream if needed, then appends at the current time.
  void put(std::string_view group, std::string_view stream, std::string message);

  // DescribeLogStreams: ordered by name (or by last event time, newest last).
  Result<std::vector<LogStreamInfo>> describe_log_streams(std::string_view group,
                                                          std::string_view prefix = {},
                                                          bool order_by_last_event = false) const;
  // GetLogEvents: all events of a stream between start and end (ms, inclusive start).
  Result<std::vector<LogEvent>> get_log_events(
      std::string_view group, std::string_view stream,
      std::optional<std::int64_t> start_ms = std::nullopt,
      std::optional<std::int64_t> end_ms = std::nullopt) const;
  // FilterLogEvents: events of the group (or the named streams) whose message
  // matches `pattern` (CloudWatch term syntax: every term must occur; quoted
  // phrases match exactly; empty matches all), in time order.
  Result<std::vector<FilteredEvent>> filter_log_events(
      std::string_view group, std::string_view pattern,
      const std::vector<std::string>& streams = {},
      std::optional<std::int64_t> start_ms = std::nullopt,
      std::optional<std::int64_t> end_ms = std::nullopt) const;
  std::vector<std::string> log_groups() const;

 private:
  struct Stream {
    std::int64_t creation_time_ms = 0;
    std::vector<LogEvent> events;
  };
  using Group = std::map<std::string, Stream, std::less<>>;
  Result<const Group*> find_group(std::string_view group) const;

  Scheduler& scheduler_;
  std::map<std::string, Group, std::less<>> groups_;
};

// Splits a CloudWatch filter pattern into terms ("ERROR \"Task timed out\"" ->
// {ERROR, Task timed out}).
std::vector<std::string> filter_terms(std::string_view pattern);

}  // namespace streamlab::logs
