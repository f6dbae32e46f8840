#include "emulator/logs/actions/action.h"

namespace streamlab::logs::actions {

Action describe_log_streams() {
  return {"DescribeLogStreams",
          {log_group_field(),
           {"logStreamNamePrefix", wire::FieldType::kString, false, 1, 512},
           {"orderBy",
            wire::FieldType::kString,
            false,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {"LogStreamName", "LastEventTime"}},
           {"descending", wire::FieldType::kBoolean},
           {"limit", wire::FieldType::kInteger, false, 1, 50},
           {"nextToken", wire::FieldType::kString}},
          [](LogsService& logs, const Json& request) -> Result<Json> {
            const bool by_time = request.value("orderBy", "LogStreamName") == "LastEventTime";
            const std::string prefix = request.value("logStreamNamePrefix", "");
            if (by_time && !prefix.empty()) {
              return errors::make("InvalidParameterException",
                                  "Cannot order by LastEventTime with a logStreamNamePrefix.");
            }
            STREAMLAB_ASSIGN_OR_RETURN(
                auto streams, logs.describe_log_streams(request["logGroupName"].get<std::string>(),
                                                        prefix, by_time));
            if (request.value("descending", false)) std::reverse(streams.begin(), streams.end());
            const auto limit = static_cast<std::size_t>(request.value("limit", 50));
            Json out = Json::array();
            for (const auto& stream : streams) {
              if (out.size() == limit) break;
              Json entry = {{"logStreamName", stream.name},
                            {"creationTime", stream.creation_time_ms},
                            {"storedBytes", stream.stored_bytes}};
              if (stream.first_event_ms) entry["firstEventTimestamp"] = *stream.first_event_ms;
              if (stream.last_event_ms) {
                entry["lastEventTimestamp"] = *stream.last_event_ms;
                entry["lastIngestionTime"] = *stream.last_event_ms;
              }
              out.push_back(std::move(entry));
            }
            return Json{{"logStreams", out}};
          }};
}

}  // namespace streamlab::logs::actions
