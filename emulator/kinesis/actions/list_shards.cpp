#include "emulator/core/base64.h"
#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {

Action list_shards() {
  return {"ListShards",
          {stream_name_field(),
           stream_arn_field(),
           {"NextToken", wire::FieldType::kString, false, 1, 1048576},
           shard_id_field("ExclusiveStartShardId", false),
           {"MaxResults", wire::FieldType::kInteger, false, 1, 10000},
           {"StreamCreationTimestamp", wire::FieldType::kTimestamp},
           {"ShardFilter",
            wire::FieldType::kStructure,
            false,
            std::nullopt,
            std::nullopt,
            std::nullopt,
            {},
            {{"Type",
              wire::FieldType::kString,
              true,
              std::nullopt,
              std::nullopt,
              std::nullopt,
              {"AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON", "AT_LATEST",
               "AT_TIMESTAMP", "FROM_TIMESTAMP"}},
             shard_id_field("ShardId", false),
             {"Timestamp", wire::FieldType::kTimestamp}}}},
          [](KinesisService& kinesis, const Json& request) -> Result<OrderedJson> {
            std::string name;
            std::optional<std::string> start_after =
                optional_string(request, "ExclusiveStartShardId");
            if (auto token = optional_string(request, "NextToken")) {
              if (request.contains("StreamName") && !request["StreamName"].is_null()) {
                return errors::invalid_argument(
                    "NextToken and StreamName cannot be provided together.");
              }
              const auto decoded = base64_decode(*token);
              const auto newline = decoded ? decoded->find('\n') : std::string::npos;
              if (newline == std::string::npos)
                return errors::invalid_argument("Invalid NextToken.");
              name = decoded->substr(0, newline);
              start_after = decoded->substr(newline + 1);
            } else {
              STREAMLAB_ASSIGN_OR_RETURN(name, resolve_stream(kinesis, request));
            }
            bool open_only = false;
            if (auto filter = request.find("ShardFilter");
                filter != request.end() && !filter->is_null()) {
              const auto type = (*filter)["Type"].get<std::string>();
              if (type == "AT_LATEST") {
                open_only = true;
              } else if (type == "AFTER_SHARD_ID") {
                const auto shard = optional_string(*filter, "ShardId");
                if (!shard)
                  return errors::invalid_argument("ShardFilter AFTER_SHARD_ID needs a ShardId.");
                start_after = shard;
              } else if (type == "AT_TIMESTAMP" || type == "FROM_TIMESTAMP") {
                return errors::invalid_argument("streamlab does not support ShardFilter type " +
                                                type + " yet.");
              }
            }
            STREAMLAB_ASSIGN_OR_RETURN(StreamDescription stream, kinesis.describe_stream(name));
            const auto limit =
                static_cast<std::size_t>(optional_integer(request, "MaxResults").value_or(1000));
            OrderedJson shards = OrderedJson::array();
            bool has_more = false;
            for (const auto& shard : stream.shards) {
              if (start_after && shard.shard_id <= *start_after) continue;
              if (open_only && shard.ending_sequence_number) continue;
              if (shards.size() == limit) {
                has_more = true;
                break;
              }
              shards.push_back(shard_json(shard));
            }
            OrderedJson out;
            out["Shards"] = shards;
            if (has_more) {
              out["NextToken"] =
                  base64_encode(name + "\n" + shards.back()["ShardId"].get<std::string>());
            }
            return out;
          }};
}

}  // namespace streamlab::kinesis::actions
