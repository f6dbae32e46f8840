#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action describe_stream() {
  return {"DescribeStream",
          {stream_name_field(),
           stream_arn_field(),
           {"Limit", wire::FieldType::kInteger, false, 1, 10000},
           shard_id_field("ExclusiveStartShardId", false)},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            STREAMLAB_ASSIGN_OR_RETURN(StreamDescription stream, kinesis.describe_stream(name));
            const auto limit =
                static_cast<std::size_t>(optional_integer(request, "Limit").value_or(100));
            const auto start_after = optional_string(request, "ExclusiveStartShardId");
            OrderedJson shards = OrderedJson::array();
            bool has_more = false;
            for (const auto& shard : stream.shards) {
              if (start_after && shard.shard_id <= *start_after) continue;
              if (shards.size() == limit) {
                has_more = true;
                break;
              }
              shards.push_back(shard_json(shard));
            }
            OrderedJson description;
            description["StreamName"] = stream.stream_name;
            description["StreamARN"] = stream.stream_arn;
            description["StreamStatus"] = to_string(stream.status);
            description["StreamModeDetails"] = {{"StreamMode", "PROVISIONED"}};
            description["Shards"] = shards;
            description["HasMoreShards"] = has_more;
            description["RetentionPeriodHours"] = stream.retention_period_hours;
            description["StreamCreationTimestamp"] = epoch_seconds(stream.created);
            description["EnhancedMonitoring"] = {{{"ShardLevelMetrics", OrderedJson::array()}}};
            description["EncryptionType"] = "NONE";
            OrderedJson out;
            out["StreamDescription"] = description;
            return out;
          }};
}

}  // namespace streamlab::kinesis::actions
