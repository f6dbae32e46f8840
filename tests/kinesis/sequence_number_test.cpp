#include "emulator/kinesis/sequence_number.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "emulator/core/base64.h"

#include <algorithm>
#include <cstdint>

#include "emulator/core/iterator_token.h"

namespace streamlab::kinesis {
namespace {

TEST(SequenceNumberTest, FiftySixDigitsRoundTrip) {
  const SequenceNumber number{3, 1490659200123, 42};
  const std::string text = format_sequence_number(number);
  EXPECT_EQ(text.size(), 56u);
  EXPECT_EQ(text,
            "49"
            "0000000003"
            "01490659200123"
            "0000000000"
            "00000000000000000042");
  EXPECT_EQ(parse_sequence_number(text).value(), number);
}

// format_sequence_number_to writes every one of the 56 bytes, whatever the
// buffer held, for zero and for the largest values each field can hold.
TEST(SequenceNumberTest, FormatsIntoAnyBufferAtTheExtremes) {
  for (const SequenceNumber& number :
       {SequenceNumber{0, 0, 0}, SequenceNumber{UINT32_MAX, 99999999999999, UINT64_MAX}}) {
    char buffer[kSequenceNumberDigits + 1];
    std::fill(std::begin(buffer), std::end(buffer), 'x');
    format_sequence_number_to(number, buffer);
    EXPECT_EQ(buffer[kSequenceNumberDigits], 'x');  // nothing past the end
    const std::string text(buffer, kSequenceNumberDigits);
    EXPECT_EQ(text, format_sequence_number(number));
    EXPECT_EQ(parse_sequence_number(text).value(), number) << text;
  }
  char buffer[kSequenceNumberDigits];
  std::fill(std::begin(buffer), std::end(buffer), '7');
  format_sequence_number_to({0, 0, 0}, buffer);
  EXPECT_EQ(std::string(buffer, kSequenceNumberDigits), "49" + std::string(54, '0'));
}

// Digits are written two at a time: every digit count, odd and even, of
// each field must round-trip.
TEST(SequenceNumberTest, EveryDigitCountRoundTrips) {
  std::uint64_t counter = 1;
  for (int digits = 1; digits <= 20; ++digits) {
    for (std::uint64_t value : {counter, counter * 3 + 1, counter * 10 - 1}) {
      if (digits == 20 && value < counter) continue;  // wrapped past 2^64
      const SequenceNumber number{static_cast<std::uint32_t>(value % 4000000000ULL),
                                  static_cast<std::int64_t>(value % 100000000000000ULL), value};
      const std::string text = format_sequence_number(number);
      EXPECT_EQ(text.substr(36),
                std::string(20 - std::to_string(value).size(), '0') + std::to_string(value));
      EXPECT_EQ(parse_sequence_number(text).value(), number) << text;
    }
    if (digits < 20) counter *= 10;
  }
}

TEST(SequenceNumberTest, StringOrderEqualsNumericOrder) {
  const SequenceNumber numbers[] = {
      {0, 1000, 0}, {0, 1000, 1}, {0, 1001, 2}, {0, 1001, 10}, {1, 900, 0}};
  for (std::size_t i = 0; i + 1 < std::size(numbers); ++i) {
    EXPECT_LT(numbers[i], numbers[i + 1]);
    EXPECT_LT(format_sequence_number(numbers[i]), format_sequence_number(numbers[i + 1]));
  }
}

TEST(SequenceNumberTest, RejectsWhatItDidNotIssue) {
  EXPECT_FALSE(parse_sequence_number("123"));
  EXPECT_FALSE(parse_sequence_number(std::string(56, '9')));  // wrong prefix
  EXPECT_FALSE(parse_sequence_number("49" + std::string(53, '0') + "x"));
  EXPECT_FALSE(
      parse_sequence_number("49"
                            "0000000000"
                            "00000000000000"
                            "0000000001"
                            "00000000000000000000"));
}

// Digits are read eight at a time: a byte that is not a digit is refused at
// every place, including the bytes next to '0' and '9' (and those whose low
// nibble is a digit's).
TEST(SequenceNumberTest, RefusesANonDigitAtEveryPlace) {
  const std::string valid = format_sequence_number({3, 1490659200000, 12345});
  ASSERT_TRUE(parse_sequence_number(valid));
  for (std::size_t at = 2; at < valid.size(); ++at) {
    for (const char c : {'/', ':', ' ', 'a', '\x00', '\x10', '\x40', '\xB0', '\xF5', '\x7F'}) {
      std::string text = valid;
      text[at] = c;
      EXPECT_FALSE(parse_sequence_number(text)) << at << " " << static_cast<int>(c);
    }
  }
}

TEST(IteratorTokenTest, RoundTripsAndDetectsTampering) {
  const IteratorToken token{"core.stream-1", 7, 2, 12345, 1490659200000};
  const std::string text = encode_iterator(token);
  const auto decoded = decode_iterator(text);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->stream_name, token.stream_name);
  EXPECT_EQ(decoded->stream_incarnation, 7u);
  EXPECT_EQ(decoded->shard_index, 2u);
  EXPECT_EQ(decoded->position, 12345u);
  EXPECT_EQ(decoded->issued_ms, 1490659200000);
  std::string damaged = text;
  damaged[5] = damaged[5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(decode_iterator(damaged));
  EXPECT_FALSE(decode_iterator("not an iterator"));
  EXPECT_FALSE(decode_iterator(""));
}

// The checksum is FNV-1a of the payload as 16 lowercase hex digits, with
// leading zeros: tokens issued before stay readable.
TEST(IteratorTokenTest, ChecksumIsSixteenLowercaseHexDigits) {
  for (std::uint64_t position : {0ULL, 1ULL, 12345ULL, 987654321012ULL}) {
    const std::string text = encode_iterator({"s", 1, 0, position, 0});
    const auto payload = base64_decode(text);
    ASSERT_TRUE(payload);
    const auto bar = payload->rfind('|');
    ASSERT_NE(bar, std::string::npos);
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : payload->substr(0, bar)) {
      hash ^= c;
      hash *= 0x100000001b3ULL;
    }
    char expected[17];
    std::snprintf(expected, sizeof expected, "%016llx", static_cast<unsigned long long>(hash));
    EXPECT_EQ(payload->substr(bar + 1), expected);
  }
}

}  // namespace
}  // namespace streamlab::kinesis
