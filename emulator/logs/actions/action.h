// Internal to the Logs JSON layer.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "emulator/logs/logs_service.h"
#include "emulator/wire/request_spec.h"

namespace streamlab::logs::actions {

using Json = nlohmann::json;

struct Action {
  std::string name;
  wire::RequestSpec spec;
  Result<Json> (*handle)(LogsService& logs, const Json& request);
};

Action describe_log_groups();
Action describe_log_streams();
Action get_log_events();
Action filter_log_events();

const std::map<std::string, Action, std::less<>>& registry();

inline wire::Field log_group_field(bool required = true) {
  return {"logGroupName", wire::FieldType::kString, required, 1, 512};
}

}  // namespace streamlab::logs::actions
