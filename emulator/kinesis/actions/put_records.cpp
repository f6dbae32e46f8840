#include "emulator/core/base64.h"
#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action put_records() {
  return {"PutRecords",
          {stream_name_field(),
           stream_arn_field(),
           {"Records",
            wire::FieldType::kList,
            true,
            1,
            500,
            std::nullopt,
            {},
            {{"Record",
              wire::FieldType::kStructure,
              false,
              std::nullopt,
              std::nullopt,
              std::nullopt,
              {},
              {{"Data", wire::FieldType::kBlob, true, std::nullopt, 1048576},
               {"PartitionKey", wire::FieldType::kString, true, 1, 256},
               hash_key_field("ExplicitHashKey", false)}}}}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            std::vector<PutRecordsEntry> entries;
            entries.reserve(request["Records"].size());
            for (const auto& record : request["Records"]) {
              entries.push_back({*base64_decode(record["Data"].get_ref<const std::string&>()),
                                 record["PartitionKey"].get<std::string>(),
                                 optional_string(record, "ExplicitHashKey")});
            }
            STREAMLAB_ASSIGN_OR_RETURN(PutRecordsOutput result,
                                       kinesis.put_records(name, std::move(entries)));
            OrderedJson records = OrderedJson::array();
            for (const auto& entry : result.records) {
              OrderedJson item;
              if (entry.error_code.empty()) {
                item["SequenceNumber"] = format_sequence_number(entry.sequence_number);
                item["ShardId"] = entry.shard_id;
              } else {
                item["ErrorCode"] = entry.error_code;
                item["ErrorMessage"] = entry.error_message;
              }
              records.push_back(std::move(item));
            }
            OrderedJson out;
            out["FailedRecordCount"] = result.failed_record_count;
            out["Records"] = std::move(records);
            out["EncryptionType"] = "NONE";
            return out;
          }};
}

}  // namespace streamlab::kinesis::actions
