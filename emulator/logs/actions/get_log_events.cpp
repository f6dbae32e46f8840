#include "emulator/logs/actions/action.h"

namespace streamlab::logs::actions {

Action get_log_events() {
  return {"GetLogEvents",
          {log_group_field(),
           {"logStreamName", wire::FieldType::kString, true, 1, 512},
           {"startTime", wire::FieldType::kInteger, false, 0},
           {"endTime", wire::FieldType::kInteger, false, 0},
           {"startFromHead", wire::FieldType::kBoolean},
           {"limit", wire::FieldType::kInteger, false, 1, 10000},
           {"nextToken", wire::FieldType::kString}},
          [](LogsService& logs, const Json& request) -> Result<Json> {
            std::optional<std::int64_t> start, end;
            if (request.contains("startTime")) start = request["startTime"].get<std::int64_t>();
            if (request.contains("endTime")) end = request["endTime"].get<std::int64_t>();
            STREAMLAB_ASSIGN_OR_RETURN(
                auto events,
                logs.get_log_events(request["logGroupName"].get<std::string>(),
                                    request["logStreamName"].get<std::string>(), start, end));
            // Without startFromHead, the newest `limit` events are returned (still oldest first).
            const auto limit = static_cast<std::size_t>(request.value("limit", 10000));
            const bool from_head = request.value("startFromHead", false);
            std::size_t first = 0;
            if (!from_head && events.size() > limit) first = events.size() - limit;
            Json out = Json::array();
            for (std::size_t i = first; i < events.size() && out.size() < limit; ++i) {
              out.push_back({{"timestamp", events[i].timestamp_ms},
                             {"message", events[i].message},
                             {"ingestionTime", events[i].ingestion_time_ms}});
            }
            return Json{
                {"events", out}, {"nextForwardToken", "f/end"}, {"nextBackwardToken", "b/start"}};
          }};
}

}  // namespace streamlab::logs::actions
