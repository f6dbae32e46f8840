#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action describe_stream_summary() {
  return {"DescribeStreamSummary",
          {stream_name_field(), stream_arn_field()},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            STREAMLAB_ASSIGN_OR_RETURN(StreamDescription stream, kinesis.describe_stream(name));
            OrderedJson summary;
            summary["StreamName"] = stream.stream_name;
            summary["StreamARN"] = stream.stream_arn;
            summary["StreamStatus"] = to_string(stream.status);
            summary["StreamModeDetails"] = {{"StreamMode", "PROVISIONED"}};
            summary["RetentionPeriodHours"] = stream.retention_period_hours;
            summary["StreamCreationTimestamp"] = epoch_seconds(stream.created);
            summary["EnhancedMonitoring"] = {{{"ShardLevelMetrics", OrderedJson::array()}}};
            summary["EncryptionType"] = "NONE";
            summary["OpenShardCount"] = stream.open_shard_count;
            summary["ConsumerCount"] = 0;
            OrderedJson out;
            out["StreamDescriptionSummary"] = summary;
            return out;
          }};
}

}  // namespace streamlab::kinesis::actions
