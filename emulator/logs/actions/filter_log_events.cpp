#include "emulator/logs/actions/action.h"

namespace streamlab::logs::actions {

Action filter_log_events() {
  return {"FilterLogEvents",
          {log_group_field(),
           {"logStreamNames",
            wire::FieldType::kList,
            false,
            1,
            100,
            std::nullopt,
            {},
            {{"name", wire::FieldType::kString}}},
           {"filterPattern", wire::FieldType::kString, false, 0, 1024},
           {"startTime", wire::FieldType::kInteger, false, 0},
           {"endTime", wire::FieldType::kInteger, false, 0},
           {"limit", wire::FieldType::kInteger, false, 1, 10000},
           {"nextToken", wire::FieldType::kString},
           {"interleaved", wire::FieldType::kBoolean}},
          [](LogsService& logs, const Json& request) -> Result<Json> {
            std::vector<std::string> streams;
            if (request.contains("logStreamNames"))
              streams = request["logStreamNames"].get<std::vector<std::string>>();
            std::optional<std::int64_t> start, end;
            if (request.contains("startTime")) start = request["startTime"].get<std::int64_t>();
            if (request.contains("endTime")) end = request["endTime"].get<std::int64_t>();
            STREAMLAB_ASSIGN_OR_RETURN(
                auto events,
                logs.filter_log_events(request["logGroupName"].get<std::string>(),
                                       request.value("filterPattern", ""), streams, start, end));
            const auto limit = static_cast<std::size_t>(request.value("limit", 10000));
            Json out = Json::array();
            for (const auto& event : events) {
              if (out.size() == limit) break;
              out.push_back({{"logStreamName", event.log_stream_name},
                             {"timestamp", event.event.timestamp_ms},
                             {"message", event.event.message},
                             {"ingestionTime", event.event.ingestion_time_ms}});
            }
            return Json{{"events", out}, {"searchedLogStreams", Json::array()}};
          }};
}

}  // namespace streamlab::logs::actions
