#include "emulator/core/iterator_token.h"

#include <array>
#include <charconv>

#include "emulator/core/base64.h"

namespace streamlab {
namespace {

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// The checksum as 16 lowercase hex digits (what "%016llx" prints; every poll
// encodes and decodes a token, and snprintf costs more than the rest).
std::array<char, 16> hex16(std::uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::array<char, 16> out{};
  for (int i = 15; i >= 0; --i, value >>= 4)
    out[static_cast<std::size_t>(i)] = kDigits[value & 0xf];
  return out;
}

template <typename T>
bool take_number(std::string_view& text, T& out) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  const auto field = text.substr(0, colon);
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), out);
  if (error != std::errc() || end != field.data() + field.size() || field.empty()) return false;
  text.remove_prefix(colon + 1);
  return true;
}

}  // namespace

std::string encode_iterator(const IteratorToken& token) {
  std::string payload = "1:" + std::to_string(token.stream_incarnation) + ":" +
                        std::to_string(token.shard_index) + ":" + std::to_string(token.position) +
                        ":" + std::to_string(token.issued_ms) + ":" + token.stream_name;
  const auto checksum = hex16(fnv1a(payload));
  payload.append("|").append(checksum.data(), checksum.size());
  return base64_encode(payload);
}

std::optional<IteratorToken> decode_iterator(std::string_view text) {
  const auto decoded = base64_decode(text);
  if (!decoded) return std::nullopt;
  std::string_view payload = *decoded;
  const auto bar = payload.rfind('|');
  if (bar == std::string_view::npos || payload.size() - bar != 17) return std::nullopt;
  const auto expected = hex16(fnv1a(payload.substr(0, bar)));
  if (payload.substr(bar + 1) != std::string_view(expected.data(), expected.size()))
    return std::nullopt;
  payload = payload.substr(0, bar);
  IteratorToken token;
  int version = 0;
  if (!take_number(payload, version) || version != 1 ||
      !take_number(payload, token.stream_incarnation) || !take_number(payload, token.shard_index) ||
      !take_number(payload, token.position) || !take_number(payload, token.issued_ms) ||
      payload.empty()) {
    return std::nullopt;
  }
  token.stream_name = std::string(payload);
  return token;
}

}  // namespace streamlab
