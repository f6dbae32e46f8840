#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action add_tags_to_stream() {
  return {"AddTagsToStream",
          {stream_name_field(),
           stream_arn_field(),
           {"Tags",
            wire::FieldType::kMap,
            true,
            1,
            10,
            std::nullopt,
            {},
            {{"TagValue", wire::FieldType::kString, false, 0, 256}}}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            std::map<std::string, std::string> tags;
            for (const auto& [key, value] : request["Tags"].items()) {
              if (key.empty() || key.size() > 128) {
                return errors::invalid_argument("Tag key " + key +
                                                " must be 1 to 128 characters long.");
              }
              tags[key] = value.is_null() ? "" : value.get<std::string>();
            }
            STREAMLAB_RETURN_IF_ERROR(kinesis.add_tags(name, tags));
            return OrderedJson::object();
          }};
}

}  // namespace streamlab::kinesis::actions
