#include "emulator/dynamodb/actions/action.h"

namespace streamlab::dynamodb::actions {

Action list_tables() {
  return {"ListTables",
          {{"ExclusiveStartTableName", wire::FieldType::kString, false, 3, 255,
            wire::Pattern{"[a-zA-Z0-9_.-]+", wire::is_name_pattern}},
           {"Limit", wire::FieldType::kInteger, false, 1, 100}},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            const auto limit = static_cast<std::size_t>(request.value("Limit", 100));
            const auto start_after = optional_string(request, "ExclusiveStartTableName");
            OrderedJson names = OrderedJson::array();
            bool more = false;
            for (const auto& name : db.list_tables()) {
              if (start_after && name <= *start_after) continue;
              if (names.size() == limit) {
                more = true;
                break;
              }
              names.push_back(name);
            }
            OrderedJson out;
            out["TableNames"] = names;
            if (more) out["LastEvaluatedTableName"] = names.back();
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
