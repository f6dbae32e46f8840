#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action get_shard_iterator() {
  return {
      "GetShardIterator",
      {stream_name_field(),
       stream_arn_field(),
       shard_id_field("ShardId", true),
       {"ShardIteratorType",
        wire::FieldType::kString,
        true,
        std::nullopt,
        std::nullopt,
        std::nullopt,
        {"AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"}},
       sequence_number_field("StartingSequenceNumber", false),
       {"Timestamp", wire::FieldType::kTimestamp}},
      [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
        STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
        const std::string type = request["ShardIteratorType"].get<std::string>();
        GetShardIteratorInput input;
        input.stream_name = name;
        input.shard_id = request["ShardId"].get<std::string>();
        input.type = type == "TRIM_HORIZON"            ? IteratorType::kTrimHorizon
                     : type == "LATEST"                ? IteratorType::kLatest
                     : type == "AT_SEQUENCE_NUMBER"    ? IteratorType::kAtSequenceNumber
                     : type == "AFTER_SEQUENCE_NUMBER" ? IteratorType::kAfterSequenceNumber
                                                       : IteratorType::kAtTimestamp;
        input.starting_sequence_number = optional_string(request, "StartingSequenceNumber");
        if (auto it = request.find("Timestamp"); it != request.end() && !it->is_null()) {
          input.timestamp = from_epoch_seconds(it->get<double>());
        }
        STREAMLAB_ASSIGN_OR_RETURN(std::string iterator, kinesis.get_shard_iterator(input));
        OrderedJson out;
        out["ShardIterator"] = iterator;
        return out;
      }};
}

}  // namespace streamlab::kinesis::actions
