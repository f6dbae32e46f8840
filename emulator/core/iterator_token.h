// Shard iterators (Kinesis and DynamoDB Streams): opaque strings that name a
// position in a shard.
//
// The token is base64 of the stream name and incarnation, the shard index,
// the position (record counter) and the time it was issued, with a checksum,
// so a damaged or invented token is recognised as malformed
// (InvalidArgumentException) instead of being misread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamlab {

struct IteratorToken {
  std::string stream_name;  // a Kinesis stream name or a DynamoDB stream ARN
  std::uint64_t stream_incarnation = 0;
  std::uint32_t shard_index = 0;
  std::uint64_t position = 0;
  std::int64_t issued_ms = 0;
};

std::string encode_iterator(const IteratorToken& token);
std::optional<IteratorToken> decode_iterator(std::string_view text);

}  // namespace streamlab
