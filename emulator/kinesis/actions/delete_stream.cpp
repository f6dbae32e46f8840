#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action delete_stream() {
  return {"DeleteStream",
          {stream_name_field(),
           stream_arn_field(),
           {"EnforceConsumerDeletion", wire::FieldType::kBoolean}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            STREAMLAB_RETURN_IF_ERROR(kinesis.delete_stream(name));
            return OrderedJson::object();
          }};
}

}  // namespace streamlab::kinesis::actions
