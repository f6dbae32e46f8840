#include "emulator/kinesis/hash_key.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace streamlab::kinesis {

std::vector<HashKeyRange> split_evenly(std::uint32_t count) {
  if (count == 0) std::abort();
  // floor(2^128 / count), computed without 2^128: 2^128 = max + 1.
  uint128 width = kMaxHashKey / count;
  if (kMaxHashKey % count == count - 1) ++width;
  std::vector<HashKeyRange> ranges(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    ranges[i].start = width * i;
    ranges[i].end = i + 1 == count ? kMaxHashKey : width * (i + 1) - 1;
  }
  return ranges;
}

std::string format_hash_key(uint128 key) {
  char buf[40];
  int pos = 40;
  do {
    buf[--pos] = static_cast<char>('0' + static_cast<int>(key % 10));
    key /= 10;
  } while (key != 0);
  return std::string(buf + pos, buf + 40);
}

std::optional<uint128> parse_hash_key(std::string_view text) {
  if (text.empty() || text.size() > 39) return std::nullopt;
  uint128 value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<unsigned>(c - '0');
    if (value > (kMaxHashKey - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

struct PartitionHasher::Impl {
  struct Slot {
    uint128 digest = 0;
    std::uint8_t size = 0;  // 0: empty (an empty key is never valid, and never stored)
    char key[kRememberedKeyBytes];
  };
  EVP_MD* md5 = nullptr;
  EVP_MD_CTX* context = nullptr;
  std::vector<Slot> slots = std::vector<Slot>(kRemembered);
};

namespace {

// FNV-1a: cheap for the short keys the table holds; only picks the slot.
std::size_t slot_of(std::string_view key) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return static_cast<std::size_t>(h ^ (h >> 29)) % PartitionHasher::kRemembered;
}

}  // namespace

PartitionHasher::PartitionHasher() : impl_(std::make_unique<Impl>()) {
  impl_->md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  impl_->context = EVP_MD_CTX_new();
  if (!impl_->md5 || !impl_->context) {
    std::fprintf(stderr, "streamlab: OpenSSL has no MD5 digest available\n");
    std::abort();
  }
}

PartitionHasher::~PartitionHasher() {
  EVP_MD_CTX_free(impl_->context);
  EVP_MD_free(impl_->md5);
}

uint128 PartitionHasher::hash(std::string_view partition_key) {
  if (partition_key.empty() || partition_key.size() > kRememberedKeyBytes)
    return digest(partition_key);
  Impl::Slot& slot = impl_->slots[slot_of(partition_key)];
  if (slot.size == partition_key.size() &&
      std::memcmp(slot.key, partition_key.data(), partition_key.size()) == 0) {
    ++remembered_hits_;
    return slot.digest;
  }
  slot.digest = digest(partition_key);
  slot.size = static_cast<std::uint8_t>(partition_key.size());
  std::memcpy(slot.key, partition_key.data(), partition_key.size());
  return slot.digest;
}

uint128 PartitionHasher::digest(std::string_view partition_key) {
  unsigned char digest[16];
  unsigned int length = 0;
  if (EVP_DigestInit_ex2(impl_->context, impl_->md5, nullptr) != 1 ||
      EVP_DigestUpdate(impl_->context, partition_key.data(), partition_key.size()) != 1 ||
      EVP_DigestFinal_ex(impl_->context, digest, &length) != 1 || length != 16) {
    std::fprintf(stderr, "streamlab: OpenSSL MD5 failed\n");
    std::abort();
  }
  uint128 key = 0;
  for (unsigned char byte : digest) key = (key << 8) | byte;
  return key;
}

}  // namespace streamlab::kinesis
