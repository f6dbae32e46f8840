#include "emulator/logs/actions/action.h"

namespace streamlab::logs::actions {

Action describe_log_groups() {
  return {"DescribeLogGroups",
          {{"logGroupNamePrefix", wire::FieldType::kString, false, 1, 512},
           {"limit", wire::FieldType::kInteger, false, 1, 50}},
          [](LogsService& logs, const Json& request) -> Result<Json> {
            const std::string prefix = request.value("logGroupNamePrefix", "");
            Json groups = Json::array();
            for (const auto& name : logs.log_groups()) {
              if (name.compare(0, prefix.size(), prefix) == 0)
                groups.push_back({{"logGroupName", name}});
            }
            return Json{{"logGroups", groups}};
          }};
}

}  // namespace streamlab::logs::actions
