// Kinesis sequence numbers: 56-digit decimal strings, as on AWS.
//
// streamlab's layout, most significant first:
//   "49" | shard index (10 digits) | arrival time, Unix ms (14) | shard counter (30)
// Within a shard the counter strictly increases and the arrival time never
// decreases, so numbers strictly increase and, having one width, compare as
// strings exactly as they compare as numbers (the winner function relies on
// this). Child shards get higher indexes than their parents, so a partition
// key's sequence numbers keep increasing across a reshard.
// Records store the parts as integers; the string is made on output only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamlab::kinesis {

inline constexpr std::size_t kSequenceNumberDigits = 56;

struct SequenceNumber {
  std::uint32_t shard_index = 0;
  std::int64_t arrival_ms = 0;
  std::uint64_t counter = 0;

  auto operator<=>(const SequenceNumber&) const = default;
};

std::string format_sequence_number(const SequenceNumber& number);
// Writes exactly 56 characters to `out`.
void format_sequence_number_to(const SequenceNumber& number, char* out);
// nullopt when `text` is not a sequence number streamlab issued.
std::optional<SequenceNumber> parse_sequence_number(std::string_view text);

}  // namespace streamlab::kinesis
