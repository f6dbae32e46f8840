#include "emulator/kinesis/sequence_number.h"

#include <array>
#include <cstring>

namespace streamlab::kinesis {
namespace {

// "00" … "99": two digits per division (every record's number is formatted,
// some twice).
constexpr auto kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (std::size_t i = 0; i < 100; ++i) {
    pairs[2 * i] = static_cast<char>('0' + i / 10);
    pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

// REQUIRES: out[0, width) holds '0's and `value` has at most `width` digits
// (only its significant digits are written).
void write_padded(std::uint64_t value, char* out, int width) {
  int i = width;
  while (value >= 100) {
    const auto pair = static_cast<std::size_t>(value % 100) * 2;
    value /= 100;
    i -= 2;
    out[i] = kDigitPairs[pair];
    out[i + 1] = kDigitPairs[pair + 1];
  }
  if (value >= 10) {
    i -= 2;
    out[i] = kDigitPairs[static_cast<std::size_t>(value) * 2];
    out[i + 1] = kDigitPairs[static_cast<std::size_t>(value) * 2 + 1];
  } else if (value > 0) {
    out[i - 1] = static_cast<char>('0' + value);
  }
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
// Eight ASCII digits at `p` as a number, or false when a byte is not a digit.
// All eight at once (a harness reads back the number of every record a
// function wrote): a byte is a digit when its high nibble is 3 and adding 6
// leaves it 3; then the digits pair up, the pairs into fours, the fours into
// the number, one multiply each.
bool read_eight_digits(const char* p, std::uint64_t& value) {
  constexpr std::uint64_t kHighNibbles = 0xF0F0F0F0F0F0F0F0ULL;
  std::uint64_t chunk;
  std::memcpy(&chunk, p, sizeof chunk);  // little-endian: p[0] is the lowest byte
  if ((chunk & kHighNibbles) != 0x3030303030303030ULL ||
      ((chunk + 0x0606060606060606ULL) & kHighNibbles) != 0x3030303030303030ULL)
    return false;
  chunk -= 0x3030303030303030ULL;
  chunk = (chunk * 10 + (chunk >> 8)) & 0x00FF00FF00FF00FFULL;      // pairs
  chunk = (chunk * 100 + (chunk >> 16)) & 0x0000FFFF0000FFFFULL;    // fours
  value = (chunk * 10000 + (chunk >> 32)) & 0x00000000FFFFFFFFULL;  // all eight
  return true;
}
#endif

bool read_digits(std::string_view text, std::uint64_t& value) {
  value = 0;
  std::size_t at = 0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (std::uint64_t eight = 0; at + 8 <= text.size(); at += 8) {
    if (!read_eight_digits(text.data() + at, eight)) return false;
    value = value * 100000000 + eight;
  }
#endif
  for (; at < text.size(); ++at) {
    const char c = text[at];
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

}  // namespace

void format_sequence_number_to(const SequenceNumber& number, char* out) {
  std::memset(out, '0', kSequenceNumberDigits);  // out + 26: the counter's high digits, unused
  out[0] = '4';
  out[1] = '9';
  write_padded(number.shard_index, out + 2, 10);
  write_padded(static_cast<std::uint64_t>(number.arrival_ms), out + 12, 14);
  write_padded(number.counter, out + 36, 20);
}

std::string format_sequence_number(const SequenceNumber& number) {
  std::string out(kSequenceNumberDigits, '0');
  format_sequence_number_to(number, out.data());
  return out;
}

std::optional<SequenceNumber> parse_sequence_number(std::string_view text) {
  if (text.size() != kSequenceNumberDigits || text.substr(0, 2) != "49") return std::nullopt;
  std::uint64_t shard = 0, arrival = 0, high = 0, counter = 0;
  if (!read_digits(text.substr(2, 10), shard) || !read_digits(text.substr(12, 14), arrival) ||
      !read_digits(text.substr(26, 10), high) || !read_digits(text.substr(36, 20), counter)) {
    return std::nullopt;
  }
  if (high != 0 || shard > UINT32_MAX || text.substr(36, 20) > "18446744073709551615") {
    return std::nullopt;
  }
  return SequenceNumber{static_cast<std::uint32_t>(shard), static_cast<std::int64_t>(arrival),
                        counter};
}

}  // namespace streamlab::kinesis
