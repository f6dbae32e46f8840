// partition_order: the hash that orders partitions (and so a Scan's items).
// Its values must not change with how it reads a key's bytes, or every
// Scan, trace and explore report would.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "emulator/dynamodb/key.h"

namespace streamlab::dynamodb {
namespace {

// The hash as first written: eight bytes at a time, the tail copied into a
// zeroed word.
std::uint64_t reference_hash(std::string_view bytes, std::uint64_t seed) {
  constexpr std::uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;
  std::uint64_t h = seed ^ (bytes.size() * kMultiplier);
  const auto mix = [&h](std::uint64_t word) {
    h = (h ^ word) * kMultiplier;
    h ^= h >> 29;
  };
  std::size_t at = 0;
  for (; at + 8 <= bytes.size(); at += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + at, 8);
    mix(word);
  }
  if (at < bytes.size()) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + at, bytes.size() - at);
    mix(word);
  }
  return h ^ (h >> 32);
}

TEST(PartitionOrderTest, EveryLengthHashesAsTheByteCopyingVersionDid) {
  std::string text;
  for (std::size_t length = 0; length <= 40; ++length) {
    const auto value = AttributeValue::string(text);
    EXPECT_EQ(partition_order(value),
              reference_hash(text, static_cast<std::uint64_t>(ValueType::kS)))
        << "length " << length;
    // Bytes above 0x7f and zeros too: each position its own value.
    text += static_cast<char>((length * 37 + 11) & 0xff);
  }
}

}  // namespace
}  // namespace streamlab::dynamodb
