#include "emulator/dynamodb/actions/stream_shared.h"

namespace streamlab::dynamodb::actions {

Action describe_stream() {
  return {
      "DescribeStream",
      {stream_arn_field(true),
       {"Limit", wire::FieldType::kInteger, false, 1, 100},
       {"ExclusiveStartShardId", wire::FieldType::kString, false, 28, 65}},
      [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
        const std::string arn = request["StreamArn"].get<std::string>();
        const auto view = db.stream(arn);
        if (!view) return stream_not_found(arn);
        auto table = db.describe_table(view->table_name);
        OrderedJson range;
        if (view->end_index > view->first_index) {
          range["StartingSequenceNumber"] =
              db.stream_record(arn, view->first_index).sequence_number;
          if (!view->enabled) {
            range["EndingSequenceNumber"] =
                db.stream_record(arn, view->end_index - 1).sequence_number;
          }
        } else {
          range["StartingSequenceNumber"] = "000000000000000000000";
        }
        OrderedJson shards = OrderedJson::array();
        const std::string shard_id = stream_shard_id(*view);
        if (optional_string(request, "ExclusiveStartShardId").value_or("") < shard_id) {
          shards.push_back({{"ShardId", shard_id}, {"SequenceNumberRange", range}});
        }
        OrderedJson description;
        description["StreamArn"] = arn;
        description["StreamLabel"] = view->stream_label;
        description["StreamStatus"] = view->enabled ? "ENABLED" : "DISABLED";
        description["StreamViewType"] = to_string(view->view_type);
        description["CreationRequestDateTime"] =
            static_cast<double>(to_unix_millis(view->created)) / 1000.0;
        description["TableName"] = view->table_name;
        if (table.is_ok()) {
          OrderedJson key = OrderedJson::array();
          key.push_back({{"AttributeName", table->definition.key.hash.name}, {"KeyType", "HASH"}});
          if (table->definition.key.range) {
            key.push_back(
                {{"AttributeName", table->definition.key.range->name}, {"KeyType", "RANGE"}});
          }
          description["KeySchema"] = key;
        }
        description["Shards"] = shards;
        OrderedJson out;
        out["StreamDescription"] = description;
        return out;
      }};
}

}  // namespace streamlab::dynamodb::actions
