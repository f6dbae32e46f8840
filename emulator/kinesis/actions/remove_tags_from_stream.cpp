#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action remove_tags_from_stream() {
  return {"RemoveTagsFromStream",
          {stream_name_field(),
           stream_arn_field(),
           {"TagKeys",
            wire::FieldType::kList,
            true,
            1,
            50,
            std::nullopt,
            {},
            {{"TagKey", wire::FieldType::kString, false, 1, 128}}}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            STREAMLAB_RETURN_IF_ERROR(
                kinesis.remove_tags(name, request["TagKeys"].get<std::vector<std::string>>()));
            return OrderedJson::object();
          }};
}

}  // namespace streamlab::kinesis::actions
