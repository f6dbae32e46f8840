#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action merge_shards() {
  return {"MergeShards",
          {stream_name_field(), stream_arn_field(), shard_id_field("ShardToMerge", true),
           shard_id_field("AdjacentShardToMerge", true)},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            STREAMLAB_RETURN_IF_ERROR(
                kinesis.merge_shards(name, request["ShardToMerge"].get<std::string>(),
                                     request["AdjacentShardToMerge"].get<std::string>()));
            return OrderedJson::object();
          }};
}

}  // namespace streamlab::kinesis::actions
