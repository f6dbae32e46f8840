#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action list_streams() {
  return {"ListStreams",
          {{"Limit", wire::FieldType::kInteger, false, 1, 10000},
           {"ExclusiveStartStreamName", wire::FieldType::kString, false, 1, 128,
            wire::Pattern{"[a-zA-Z0-9_.-]+", wire::is_name_pattern}},
           {"NextToken", wire::FieldType::kString, false, 1, 1048576}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            const auto limit =
                static_cast<std::size_t>(optional_integer(request, "Limit").value_or(100));
            // The NextToken streamlab hands out is the last name returned.
            auto start_after = optional_string(request, "ExclusiveStartStreamName");
            if (auto token = optional_string(request, "NextToken")) start_after = token;
            OrderedJson names = OrderedJson::array();
            OrderedJson summaries = OrderedJson::array();
            bool has_more = false;
            for (const auto& name : kinesis.list_streams()) {
              if (start_after && name <= *start_after) continue;
              if (names.size() == limit) {
                has_more = true;
                break;
              }
              names.push_back(name);
              const auto stream = kinesis.describe_stream(name);
              summaries.push_back({{"StreamName", name},
                                   {"StreamARN", stream->stream_arn},
                                   {"StreamStatus", to_string(stream->status)},
                                   {"StreamModeDetails", {{"StreamMode", "PROVISIONED"}}},
                                   {"StreamCreationTimestamp", epoch_seconds(stream->created)}});
            }
            OrderedJson out;
            out["StreamNames"] = names;
            out["HasMoreStreams"] = has_more;
            if (has_more) out["NextToken"] = names.back();
            out["StreamSummaries"] = summaries;
            return out;
          }};
}

}  // namespace streamlab::kinesis::actions
