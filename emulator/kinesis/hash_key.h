// Kinesis hash keys: 128-bit unsigned integers in [0, 2^128-1].
//
// A record's hash key is the MD5 digest of its UTF-8 partition key read as a
// big-endian unsigned integer, unless ExplicitHashKey overrides it. A new
// stream of N shards gives each shard floor(2^128/N) keys, the last shard
// ending at 2^128-1 (Kinesis Data Streams developer guide, "Resharding").
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/uint128.h"

namespace streamlab::kinesis {

inline constexpr uint128 kMaxHashKey = ~uint128{0};

struct HashKeyRange {
  uint128 start = 0;
  uint128 end = kMaxHashKey;  // inclusive
  bool contains(uint128 key) const { return start <= key && key <= end; }
};

// The even split of [0, 2^128-1] into `count` ranges. REQUIRES: count >= 1.
std::vector<HashKeyRange> split_evenly(std::uint32_t count);

std::string format_hash_key(uint128 key);
// Parses a decimal hash key; nullopt when not digits or above 2^128-1.
std::optional<uint128> parse_hash_key(std::string_view text);

// MD5 of partition keys. Holds a reusable OpenSSL digest context, so it is
// cheap per call; not thread-safe (one per service, on the service's thread).
// Producers reuse keys (a product's every event has its id), so the digests
// of recent short keys are remembered in a bounded direct-mapped table:
// a repeated key costs a lookup instead of a digest.
class PartitionHasher {
 public:
  static constexpr std::size_t kRemembered = 8192;        // table slots
  static constexpr std::size_t kRememberedKeyBytes = 31;  // longer keys are always digested

  PartitionHasher();
  ~PartitionHasher();
  PartitionHasher(const PartitionHasher&) = delete;
  PartitionHasher& operator=(const PartitionHasher&) = delete;

  uint128 hash(std::string_view partition_key);
  // How many calls were answered from the table (for tests).
  std::uint64_t remembered_hits() const { return remembered_hits_; }

 private:
  struct Impl;
  uint128 digest(std::string_view partition_key);

  std::unique_ptr<Impl> impl_;
  std::uint64_t remembered_hits_ = 0;
};

}  // namespace streamlab::kinesis
