#include "emulator/logs/logs_service.h"

#include <algorithm>

namespace streamlab::logs {

void LogsService::put(std::string_view group, std::string_view stream, std::string message) {
  const std::int64_t now = to_unix_millis(scheduler_.now());
  auto& streams = groups_[std::string(group)];
  auto it = streams.find(stream);
  if (it == streams.end()) it = streams.emplace(std::string(stream), Stream{now, {}}).first;
  it->second.events.push_back({now, std::move(message), now});
}

Result<const LogsService::Group*> LogsService::find_group(std::string_view group) const {
  auto it = groups_.find(group);
  if (it == groups_.end())
    return errors::resource_not_found("The specified log group does not exist.");
  return &it->second;
}

Result<std::vector<LogStreamInfo>> LogsService::describe_log_streams(
    std::string_view group, std::string_view prefix, bool order_by_last_event) const {
  STREAMLAB_ASSIGN_OR_RETURN(const Group* streams, find_group(group));
  std::vector<LogStreamInfo> out;
  for (const auto& [name, stream] : *streams) {
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    LogStreamInfo info{name, stream.creation_time_ms, std::nullopt, std::nullopt, 0};
    if (!stream.events.empty()) {
      info.first_event_ms = stream.events.front().timestamp_ms;
      info.last_event_ms = stream.events.back().timestamp_ms;
    }
    for (const auto& event : stream.events) info.stored_bytes += event.message.size();
    out.push_back(std::move(info));
  }
  if (order_by_last_event) {
    std::stable_sort(out.begin(), out.end(), [](const LogStreamInfo& a, const LogStreamInfo& b) {
      return a.last_event_ms.value_or(0) < b.last_event_ms.value_or(0);
    });
  }
  return out;
}

Result<std::vector<LogEvent>> LogsService::get_log_events(
    std::string_view group, std::string_view stream, std::optional<std::int64_t> start_ms,
    std::optional<std::int64_t> end_ms) const {
  STREAMLAB_ASSIGN_OR_RETURN(const Group* streams, find_group(group));
  auto it = streams->find(stream);
  if (it == streams->end())
    return errors::resource_not_found("The specified log stream does not exist.");
  std::vector<LogEvent> out;
  for (const auto& event : it->second.events) {
    if (start_ms && event.timestamp_ms < *start_ms) continue;
    if (end_ms && event.timestamp_ms >= *end_ms) continue;
    out.push_back(event);
  }
  return out;
}

std::vector<std::string> filter_terms(std::string_view pattern) {
  std::vector<std::string> terms;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == ' ') {
      ++i;
      continue;
    }
    if (pattern[i] == '"') {
      const auto close = pattern.find('"', i + 1);
      const auto end = close == std::string_view::npos ? pattern.size() : close;
      terms.emplace_back(pattern.substr(i + 1, end - i - 1));
      i = end + 1;
      continue;
    }
    const auto end = std::min(pattern.find(' ', i), pattern.size());
    terms.emplace_back(pattern.substr(i, end - i));
    i = end;
  }
  return terms;
}

Result<std::vector<FilteredEvent>> LogsService::filter_log_events(
    std::string_view group, std::string_view pattern, const std::vector<std::string>& stream_names,
    std::optional<std::int64_t> start_ms, std::optional<std::int64_t> end_ms) const {
  STREAMLAB_ASSIGN_OR_RETURN(const Group* streams, find_group(group));
  const auto terms = filter_terms(pattern);
  std::vector<FilteredEvent> out;
  for (const auto& [name, stream] : *streams) {
    if (!stream_names.empty() &&
        std::find(stream_names.begin(), stream_names.end(), name) == stream_names.end()) {
      continue;
    }
    for (const auto& event : stream.events) {
      if (start_ms && event.timestamp_ms < *start_ms) continue;
      if (end_ms && event.timestamp_ms >= *end_ms) continue;
      const bool matches = std::all_of(terms.begin(), terms.end(), [&](const std::string& term) {
        return event.message.find(term) != std::string::npos;
      });
      if (matches) out.push_back({name, event});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const FilteredEvent& a, const FilteredEvent& b) {
    return a.event.timestamp_ms < b.event.timestamp_ms;
  });
  return out;
}

std::vector<std::string> LogsService::log_groups() const {
  std::vector<std::string> out;
  for (const auto& [name, group] : groups_) out.push_back(name);
  return out;
}

}  // namespace streamlab::logs
