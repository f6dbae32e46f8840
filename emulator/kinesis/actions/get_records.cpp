#include "emulator/core/base64.h"
#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action get_records() {
  return {
      "GetRecords",
      {{"ShardIterator", wire::FieldType::kString, true, 1, 512},
       {"Limit", wire::FieldType::kInteger, false, 1, 10000},
       stream_arn_field()},
      [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
        const auto limit =
            static_cast<std::size_t>(optional_integer(request, "Limit").value_or(10000));
        STREAMLAB_ASSIGN_OR_RETURN(
            GetRecordsOutput result,
            kinesis.get_records(request["ShardIterator"].get_ref<const std::string&>(), limit));
        OrderedJson records = OrderedJson::array();
        for (const auto& view : result.records) {
          OrderedJson record;
          record["SequenceNumber"] = format_sequence_number(view.sequence_number);
          record["ApproximateArrivalTimestamp"] =
              static_cast<double>(view.record->arrival_ms) / 1000.0;
          record["Data"] = base64_encode(view.record->data);
          record["PartitionKey"] = view.record->partition_key;
          record["EncryptionType"] = "NONE";
          records.push_back(std::move(record));
        }
        OrderedJson out;
        out["Records"] = std::move(records);
        if (result.next_shard_iterator) out["NextShardIterator"] = *result.next_shard_iterator;
        out["MillisBehindLatest"] = result.millis_behind_latest;
        if (!result.child_shards.empty()) {
          OrderedJson children = OrderedJson::array();
          for (const auto& child : result.child_shards) {
            children.push_back({{"ShardId", child.shard_id},
                                {"ParentShards", child.parent_shards},
                                {"HashKeyRange",
                                 {{"StartingHashKey", format_hash_key(child.hash_key_range.start)},
                                  {"EndingHashKey", format_hash_key(child.hash_key_range.end)}}}});
          }
          out["ChildShards"] = std::move(children);
        }
        return out;
      }};
}

}  // namespace streamlab::kinesis::actions
