// Internal to the Kinesis JSON layer: what an action is, and shared helpers.
// Each action lives in its own file with its request spec beside it; the
// list in registry.cpp is the only other place that names it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "emulator/kinesis/kinesis_service.h"
#include "emulator/wire/request_spec.h"

namespace streamlab::kinesis::actions {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

struct Action {
  std::string name;  // "PutRecord"
  wire::RequestSpec spec;
  Result<OrderedJson> (*handle)(KinesisService& kinesis, const Json& request);
};

// One factory per action file.
Action create_stream();
Action delete_stream();
Action describe_stream();
Action describe_stream_summary();
Action list_streams();
Action list_shards();
Action put_record();
Action put_records();
Action get_shard_iterator();
Action get_records();
Action split_shard();
Action merge_shards();
Action update_shard_count();
Action increase_stream_retention_period();
Action decrease_stream_retention_period();
Action add_tags_to_stream();
Action remove_tags_from_stream();
Action list_tags_for_stream();

// --- Shared fields and helpers ---
wire::Field stream_name_field(bool required = false);
wire::Field stream_arn_field();
wire::Field shard_id_field(std::string name, bool required);
wire::Field hash_key_field(std::string name, bool required);
wire::Field sequence_number_field(std::string name, bool required);

// The stream a request names by StreamName or StreamARN (both must agree).
Result<std::string> resolve_stream(const KinesisService& kinesis, const Json& request);

std::optional<std::string> optional_string(const Json& request, const char* name);
std::optional<std::int64_t> optional_integer(const Json& request, const char* name);

// AWS JSON 1.1 timestamps are epoch seconds with a fraction.
double epoch_seconds(TimePoint t);
TimePoint from_epoch_seconds(double seconds);

OrderedJson shard_json(const ShardDescription& shard);

}  // namespace streamlab::kinesis::actions
