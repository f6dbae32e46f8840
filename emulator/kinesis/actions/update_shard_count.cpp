#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action update_shard_count() {
  return {"UpdateShardCount",
          {stream_name_field(),
           stream_arn_field(),
           {"TargetShardCount", wire::FieldType::kInteger, true, 1, 100000},
           {"ScalingType",
            wire::FieldType::kString,
            true,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {"UNIFORM_SCALING"}}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            const auto target = request["TargetShardCount"].get<std::uint32_t>();
            const auto before = kinesis.describe_stream(name);
            STREAMLAB_RETURN_IF_ERROR(kinesis.update_shard_count(name, target));
            OrderedJson out;
            out["StreamName"] = name;
            out["CurrentShardCount"] = before->open_shard_count;
            out["TargetShardCount"] = target;
            out["StreamARN"] = before->stream_arn;
            return out;
          }};
}

}  // namespace streamlab::kinesis::actions
