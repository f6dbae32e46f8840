#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action list_tags_for_stream() {
  return {"ListTagsForStream",
          {stream_name_field(),
           stream_arn_field(),
           {"ExclusiveStartTagKey", wire::FieldType::kString, false, 1, 128},
           {"Limit", wire::FieldType::kInteger, false, 1, 50}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            STREAMLAB_ASSIGN_OR_RETURN(std::string name, resolve_stream(kinesis, request));
            STREAMLAB_ASSIGN_OR_RETURN(auto tags, kinesis.list_tags(name));
            const auto limit =
                static_cast<std::size_t>(optional_integer(request, "Limit").value_or(10));
            const auto start_after = optional_string(request, "ExclusiveStartTagKey");
            OrderedJson list = OrderedJson::array();
            bool has_more = false;
            for (const auto& [key, value] : tags) {
              if (start_after && key <= *start_after) continue;
              if (list.size() == limit) {
                has_more = true;
                break;
              }
              list.push_back({{"Key", key}, {"Value", value}});
            }
            OrderedJson out;
            out["Tags"] = list;
            out["HasMoreTags"] = has_more;
            return out;
          }};
}

}  // namespace streamlab::kinesis::actions
