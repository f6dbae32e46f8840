// The CloudWatch Logs JSON protocol (Logs_20140328.*) over LogsService:
// DescribeLogGroups, DescribeLogStreams, GetLogEvents, FilterLogEvents,
// each in its own file under emulator/logs/actions.
#pragma once

#include <string_view>

#include "emulator/logs/logs_service.h"
#include "emulator/wire/json_response.h"

namespace streamlab::logs {

class LogsJsonApi {
 public:
  explicit LogsJsonApi(LogsService& logs) : logs_(logs) {}
  wire::JsonResponse handle(std::string_view target, std::string_view body);

 private:
  LogsService& logs_;
};

}  // namespace streamlab::logs
