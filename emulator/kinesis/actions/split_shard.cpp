#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action split_shard() {
  return {"SplitShard",
          {stream_name_field(), stream_arn_field(), shard_id_field("ShardToSplit", true),
           hash_key_field("NewStartingHashKey", true)},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            STREAMLAB_RETURN_IF_ERROR(
                kinesis.split_shard(name, request["ShardToSplit"].get<std::string>(),
                                    request["NewStartingHashKey"].get<std::string>()));
            return OrderedJson::object();
          }};
}

}  // namespace streamlab::kinesis::actions
