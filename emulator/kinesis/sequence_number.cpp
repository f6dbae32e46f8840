#include "emulator/kinesis/sequence_number.h"

#include <cstring>

namespace streamlab::kinesis {
namespace {

// REQUIRES: out[0, width) holds '0's (only the significant digits are written).
void write_padded(std::uint64_t value, char* out, int width) {
  for (int i = width - 1; i >= 0 && value != 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

bool read_digits(std::string_view text, std::uint64_t& value) {
  value = 0;
  for (char c : text) {
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
