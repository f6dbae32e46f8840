#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action decrease_stream_retention_period() {
  return {"DecreaseStreamRetentionPeriod",
          {stream_name_field(),
           stream_arn_field(),
           {"RetentionPeriodHours", wire::FieldType::kInteger, true, 1, 2147483647}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            STREAMLAB_RETURN_IF_ERROR(kinesis.decrease_retention_period(
                name, request["RetentionPeriodHours"].get<int>()));
            return OrderedJson::object();
          }};
}

}  // namespace streamlab::kinesis::actions
