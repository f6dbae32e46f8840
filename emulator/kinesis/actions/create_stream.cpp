#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action create_stream() {
  return {"CreateStream",
          {stream_name_field(true),
           {"ShardCount", wire::FieldType::kInteger, false, 1, 100000},
           {"StreamModeDetails",
            wire::FieldType::kStructure,
            false,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {},
            {{"StreamMode",
              wire::FieldType::kString,
              true,
              std::nullopt,
              std::nullopt,
              std::nullopt,
              {"PROVISIONED", "ON_DEMAND"}}}}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            if (request.contains("StreamModeDetails") && !request["StreamModeDetails"].is_null() &&
                request["StreamModeDetails"].value("StreamMode", "") == "ON_DEMAND") {
              return errors::invalid_argument(
                  "streamlab emulates PROVISIONED streams only; ON_DEMAND is not supported.");
            }
            // ShardCount is optional on AWS only for ON_DEMAND streams.
            const auto shards = optional_integer(request, "ShardCount");
            if (!shards) {
              return errors::validation(
                  "1 validation error detected: Value null at 'shardCount' "
                  "failed to satisfy constraint: Member must not be null");
            }
            STREAMLAB_RETURN_IF_ERROR(kinesis.create_stream(
                request["StreamName"].get<std::string>(), static_cast<std::uint32_t>(*shards)));
            return OrderedJson::object();
          }};
}

}  // namespace streamlab::kinesis::actions
