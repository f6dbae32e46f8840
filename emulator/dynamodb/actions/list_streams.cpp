#include "emulator/dynamodb/actions/stream_shared.h"

namespace streamlab::dynamodb::actions {

Action list_streams() {
  return {"ListStreams",
          {table_name_field(false),
           {"Limit", wire::FieldType::kInteger, false, 1, 100},
           stream_arn_field(false),
           {"ExclusiveStartStreamArn", wire::FieldType::kString, false, 37, 1024}},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            const auto table = optional_string(request, "TableName").value_or("");
            const auto limit = static_cast<std::size_t>(request.value("Limit", 100));
            const auto start_after = optional_string(request, "ExclusiveStartStreamArn");
            OrderedJson streams = OrderedJson::array();
            bool more = false;
            for (const auto& arn : db.list_stream_arns(table)) {
              if (start_after && arn <= *start_after) continue;
              if (streams.size() == limit) {
                more = true;
                break;
              }
              const auto view = *db.stream(arn);
              streams.push_back({{"StreamArn", arn},
                                 {"TableName", view.table_name},
                                 {"StreamLabel", view.stream_label}});
            }
            OrderedJson out;
            out["Streams"] = streams;
            if (more) out["LastEvaluatedStreamArn"] = streams.back()["StreamArn"];
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
