// Internal: shared by the DynamoDB Streams actions. streamlab gives each stream
// one shard (records of an item stay in order; AWS may use several shards).
#pragma once

#include <string>

#include "emulator/dynamodb/actions/action.h"

namespace streamlab::dynamodb::actions {

inline constexpr std::int64_t kStreamIteratorLifetimeMs =
    std::int64_t{15} * 60 * 1000;  // "expire 15 minutes after"

wire::Field stream_arn_field(bool required);
std::string stream_shard_id(const DynamoDbService::StreamView& stream);
AwsError stream_not_found(std::string_view arn);

}  // namespace streamlab::dynamodb::actions
