#include "emulator/core/base64.h"
#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action put_record() {
  return {"PutRecord",
          {stream_name_field(),
           stream_arn_field(),
           {"Data", wire::FieldType::kBlob, true, std::nullopt, 1048576},
           {"PartitionKey", wire::FieldType::kString, true, 1, 256},
           hash_key_field("ExplicitHashKey", false),
           sequence_number_field("SequenceNumberForOrdering", false)},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            PutRecordInput input{*base64_decode(request["Data"].get_ref<const std::string&>()),
                                 request["PartitionKey"].get<std::string>(),
                                 optional_string(request, "ExplicitHashKey"),
                                 optional_string(request, "SequenceNumberForOrdering")};
            STREAMLAB_ASSIGN_OR_RETURN(PutRecordOutput result,
                                       kinesis.put_record(name, std::move(input)));
            OrderedJson out;
            out["ShardId"] = result.shard_id;
            out["SequenceNumber"] = format_sequence_number(result.sequence_number);
            out["EncryptionType"] = "NONE";
            return out;
          }};
}

}  // namespace streamlab::kinesis::actions
