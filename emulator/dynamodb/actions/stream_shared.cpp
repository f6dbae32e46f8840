#include "emulator/dynamodb/actions/stream_shared.h"

#include <cstdio>

namespace streamlab::dynamodb::actions {

wire::Field stream_arn_field(bool required) {
  return {"StreamArn", wire::FieldType::kString, required, 37, 1024};
}

std::string stream_shard_id(const DynamoDbService::StreamView& stream) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : stream.stream_arn) hash = (hash ^ c) * 16777619u;
  char buf[64];
  std::snprintf(buf, sizeof buf, "shardId-%020lld-%08x",
                static_cast<long long>(to_unix_millis(stream.created)), hash);
  return buf;
}

AwsError stream_not_found(std::string_view arn) {
  return errors::resource_not_found("Requested resource not found: Stream: " + std::string(arn) +
                                    " not found");
}

}  // namespace streamlab::dynamodb::actions
