#include <cmath>

#include "emulator/kinesis/actions/action.h"

namespace streamlab::kinesis::actions {
namespace {
bool is_stream_arn(std::string_view value) {
  return value.rfind("arn:aws", 0) == 0 && value.find(":kinesis:") != std::string_view::npos &&
         value.find(":stream/") != std::string_view::npos;
}
}  // namespace

wire::Field stream_name_field(bool required) {
  return {"StreamName", wire::FieldType::kString,
          required,     1,
          128,          wire::Pattern{"[a-zA-Z0-9_.-]+", wire::is_name_pattern}};
}

wire::Field stream_arn_field() {
  return {"StreamARN", wire::FieldType::kString,
          false,       1,
          2048,        wire::Pattern{"arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+", is_stream_arn}};
}

wire::Field shard_id_field(std::string name, bool required) {
  return {std::move(name),
          wire::FieldType::kString,
          required,
          1,
          128,
          wire::Pattern{"[a-zA-Z0-9_.-]+", wire::is_name_pattern}};
}

wire::Field hash_key_field(std::string name, bool required) {
  return {std::move(name), wire::FieldType::kString,
          required,        std::nullopt,
          std::nullopt,    wire::Pattern{"0|([1-9]\\d{0,38})", wire::is_decimal_pattern}};
}

wire::Field sequence_number_field(std::string name, bool required) {
  return {std::move(name), wire::FieldType::kString,
          required,        std::nullopt,
          std::nullopt,    wire::Pattern{"0|([1-9]\\d{0,128})", wire::is_decimal_pattern}};
}

std::optional<std::string> optional_string(const Json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::int64_t> optional_integer(const Json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end() || it->is_null()) return std::nullopt;
  return it->get<std::int64_t>();
}

Result<std::string> resolve_stream(const KinesisService& kinesis, const Json& request) {
  const auto name = optional_string(request, "StreamName");
  const auto arn = optional_string(request, "StreamARN");
  if (!name && !arn) {
    return errors::invalid_argument("Either StreamName or StreamARN should be provided.");
  }
  if (!arn) return *name;
  STREAMLAB_ASSIGN_OR_RETURN(std::string from_arn, kinesis.stream_name_from_arn(*arn));
  if (name && *name != from_arn) {
    return errors::invalid_argument("StreamARN " + *arn + " and StreamName " + *name +
                                    " name different streams.");
  }
  return from_arn;
}

double epoch_seconds(TimePoint t) { return static_cast<double>(to_unix_millis(t)) / 1000.0; }

TimePoint from_epoch_seconds(double seconds) {
  return from_unix_millis(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
}

OrderedJson shard_json(const ShardDescription& shard) {
  OrderedJson out;
  out["ShardId"] = shard.shard_id;
  if (shard.parent_shard_id) out["ParentShardId"] = *shard.parent_shard_id;
  if (shard.adjacent_parent_shard_id)
    out["AdjacentParentShardId"] = *shard.adjacent_parent_shard_id;
  out["HashKeyRange"] = {{"StartingHashKey", format_hash_key(shard.hash_key_range.start)},
                         {"EndingHashKey", format_hash_key(shard.hash_key_range.end)}};
  OrderedJson range;
  range["StartingSequenceNumber"] = shard.starting_sequence_number;
  if (shard.ending_sequence_number) range["EndingSequenceNumber"] = *shard.ending_sequence_number;
  out["SequenceNumberRange"] = range;
  return out;
}

}  // namespace streamlab::kinesis::actions
