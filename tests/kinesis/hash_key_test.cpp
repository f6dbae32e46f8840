#include "emulator/kinesis/hash_key.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace streamlab::kinesis {
namespace {

// An independent MD5 (RFC 1321), written from the RFC, to check the OpenSSL path.
uint128 reference_md5(const std::string& message) {
  static const std::uint32_t s[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                      5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                      4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                      6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
  std::uint32_t k[64];
  for (int i = 0; i < 64; ++i) {
    // K[i] = floor(2^32 * |sin(i + 1)|), as the RFC defines it.
    k[i] = static_cast<std::uint32_t>(std::floor(std::fabs(std::sin(i + 1.0)) * 4294967296.0));
  }
  std::uint32_t a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  std::string padded = message;
  padded.push_back(static_cast<char>(0x80));
  while (padded.size() % 64 != 56) padded.push_back('\0');
  const std::uint64_t bits = static_cast<std::uint64_t>(message.size()) * 8;
  for (int i = 0; i < 8; ++i) padded.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
  for (std::size_t chunk = 0; chunk < padded.size(); chunk += 64) {
    std::uint32_t m[16];
    for (int i = 0; i < 16; ++i) {
      m[i] = 0;
      for (int b = 3; b >= 0; --b)
        m[i] = (m[i] << 8) | static_cast<unsigned char>(padded[chunk + 4 * i + b]);
    }
    std::uint32_t a = a0, b = b0, c = c0, d = d0;
    for (std::uint32_t i = 0; i < 64; ++i) {
      std::uint32_t f, g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      f = f + a + k[i] + m[g];
      a = d;
      d = c;
      c = b;
      b = b + ((f << s[i]) | (f >> (32 - s[i])));
    }
    a0 += a;
    b0 += b;
    c0 += c;
    d0 += d;
  }
  uint128 out = 0;
  for (std::uint32_t word : {a0, b0, c0, d0}) {
    for (int byte = 0; byte < 4; ++byte) out = (out << 8) | ((word >> (8 * byte)) & 0xFF);
  }
  return out;
}

TEST(HashKeyTest, TwoShardSplitMatchesDeveloperGuide) {
  // Kinesis developer guide: a 2-shard stream's first shard ends at 2^127 - 1.
  const auto ranges = split_evenly(2);
  EXPECT_EQ(format_hash_key(ranges[0].start), "0");
  EXPECT_EQ(format_hash_key(ranges[0].end), "170141183460469231731687303715884105727");
  EXPECT_EQ(format_hash_key(ranges[1].start), "170141183460469231731687303715884105728");
  EXPECT_EQ(format_hash_key(ranges[1].end), "340282366920938463463374607431768211455");
}

TEST(HashKeyTest, EvenSplitsCoverTheSpaceWithoutGaps) {
  for (std::uint32_t count : {1u, 2u, 3u, 4u, 7u}) {
    const auto ranges = split_evenly(count);
    ASSERT_EQ(ranges.size(), count);
    // Each shard covers floor(2^128 / N) keys; the last one takes the remainder.
    const uint128 width = count == 1
                              ? kMaxHashKey
                              : (kMaxHashKey / count) + (kMaxHashKey % count == count - 1 ? 1 : 0);
    EXPECT_EQ(ranges.front().start, 0u);
    EXPECT_EQ(ranges.back().end, kMaxHashKey);
    for (std::uint32_t i = 0; i < count; ++i) {
      if (i + 1 < count) {
        EXPECT_EQ(ranges[i].end + 1, ranges[i + 1].start) << count << " shards, shard " << i;
        EXPECT_EQ(ranges[i].end - ranges[i].start + 1, width);
      }
    }
  }
  EXPECT_EQ(format_hash_key(split_evenly(3)[0].end), "113427455640312821154458202477256070484");
  EXPECT_EQ(format_hash_key(split_evenly(4)[1].start), "85070591730234615865843651857942052864");
}

TEST(HashKeyTest, ParsesAndFormatsDecimalKeys) {
  EXPECT_EQ(parse_hash_key("0").value(), 0u);
  EXPECT_EQ(parse_hash_key("340282366920938463463374607431768211455").value(), kMaxHashKey);
  EXPECT_FALSE(parse_hash_key("340282366920938463463374607431768211456"));  // 2^128
  EXPECT_FALSE(parse_hash_key(""));
  EXPECT_FALSE(parse_hash_key("12a"));
  EXPECT_FALSE(parse_hash_key("-1"));
}

TEST(PartitionHasherTest, MatchesRfc1321Vectors) {
  PartitionHasher hasher;
  EXPECT_EQ(format_hash_key(hasher.hash("")), format_hash_key(reference_md5("")));
  // MD5("abc") = 900150983cd24fb0d6963f7d28e17f72
  uint128 abc = 0;
  for (const char* p = "900150983cd24fb0d6963f7d28e17f72"; *p; ++p) {
    abc = (abc << 4) | static_cast<unsigned>(*p <= '9' ? *p - '0' : *p - 'a' + 10);
  }
  EXPECT_EQ(hasher.hash("abc"), abc);
  EXPECT_EQ(reference_md5("abc"), abc);
}

TEST(PartitionHasherTest, ManyKeysMatchTheIndependentMd5AndLandInTheRightShard) {
  PartitionHasher hasher;
  const auto ranges = split_evenly(7);
  std::vector<int> per_shard(7);
  for (int i = 0; i < 2000; ++i) {
    const std::string key = "product-" + std::to_string(i * 7919) + (i % 3 ? "é" : "");
    const uint128 hash = hasher.hash(key);
    ASSERT_EQ(hash, reference_md5(key)) << key;
    int shard = 0;
    while (!ranges[shard].contains(hash)) ++shard;
    ++per_shard[shard];
  }
  for (int count : per_shard) EXPECT_GT(count, 200);  // MD5 spreads keys evenly
}

TEST(PartitionHasherTest, RememberedDigestsAreTheDigestsEvenWhenSlotsAreReused) {
  PartitionHasher hasher;
  // Three times as many keys as slots, in three rounds: slots are taken over
  // by other keys again and again, and every answer must still be the key's MD5.
  const std::size_t keys = 3 * PartitionHasher::kRemembered;
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < keys; ++i) {
      const std::string key = "product-" + std::to_string((i * 7919 + round) % keys);
      ASSERT_EQ(hasher.hash(key), reference_md5(key)) << key << " round " << round;
    }
  }
  // A small set of keys repeated is answered from the table.
  const std::uint64_t before = hasher.remembered_hits();
  for (int round = 0; round < 4; ++round) {
    for (int i = 0; i < 100; ++i) {
      const std::string key = "k" + std::to_string(i);
      ASSERT_EQ(hasher.hash(key), reference_md5(key)) << key;
    }
  }
  EXPECT_GE(hasher.remembered_hits() - before, 250u);
  // Keys longer than a slot holds are digested every time, correctly.
  const std::string long_key(PartitionHasher::kRememberedKeyBytes + 1, 'x');
  const std::uint64_t hits = hasher.remembered_hits();
  EXPECT_EQ(hasher.hash(long_key), reference_md5(long_key));
  EXPECT_EQ(hasher.hash(long_key), reference_md5(long_key));
  EXPECT_EQ(hasher.remembered_hits(), hits);
  // Keys that differ only in their length or last byte are told apart.
  EXPECT_EQ(hasher.hash("ab"), reference_md5("ab"));
  EXPECT_EQ(hasher.hash("abc"), reference_md5("abc"));
  EXPECT_EQ(hasher.hash("abd"), reference_md5("abd"));
  EXPECT_EQ(hasher.hash("ab"), reference_md5("ab"));
}

}  // namespace
}  // namespace streamlab::kinesis
