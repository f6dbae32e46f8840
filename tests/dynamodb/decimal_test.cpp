// DynamoDB numbers (developer guide, "Data types" → Number): 38 significant
// digits, range 1E-130 .. 9.9999999999999999999999999999999999999E+125.
#include "emulator/dynamodb/decimal.h"

#include <gtest/gtest.h>

#include <random>

namespace streamlab::dynamodb {
namespace {

Decimal d(const char* text) {
  auto parsed = Decimal::parse(text);
  EXPECT_TRUE(parsed.is_ok()) << text << ": " << parsed.status().to_string();
  return parsed.is_ok() ? *parsed : Decimal();
}

TEST(DecimalTest, CanonicalForm) {
  const std::pair<const char*, const char*> cases[] = {{"0", "0"},
                                                       {"-0", "0"},
                                                       {"007", "7"},
                                                       {"1.50", "1.5"},
                                                       {"1e2", "100"},
                                                       {"1E-3", "0.001"},
                                                       {"+.5", "0.5"},
                                                       {"-12.340e1", "-123.4"},
                                                       {"123.456", "123.456"},
                                                       {"0.000", "0"},
                                                       {"10", "10"},
                                                       {"2.5E+1", "25"}};
  for (const auto& [text, canonical] : cases) EXPECT_EQ(d(text).to_string(), canonical) << text;
}

TEST(DecimalTest, ExactArithmeticNoDoubles) {
  EXPECT_EQ(d("0.1").plus(d("0.2"))->to_string(), "0.3");
  EXPECT_EQ(d("1").minus(d("0.9"))->to_string(), "0.1");
  EXPECT_EQ(d("-5").plus(d("3"))->to_string(), "-2");
  EXPECT_EQ(d("5").minus(d("5"))->to_string(), "0");
  EXPECT_EQ(d("99999999999999999999999999999999999999").minus(d("1"))->to_string(),
            "99999999999999999999999999999999999998");
}

__extension__ typedef __int128 Int128;  // exact reference arithmetic
__extension__ typedef unsigned __int128 UInt128;

// Sums of counters and scores take a 64-bit path; near its 18-digit edge and
// across scales they must agree with exact 128-bit arithmetic.
TEST(DecimalTest, SumsAreExactOnBothSidesOfTheSmallNumberPath) {
  const auto text_of = [](Int128 units, int scale) {  // units × 10^-scale, canonical
    const bool negative = units < 0;
    UInt128 magnitude = negative ? -static_cast<UInt128>(units) : static_cast<UInt128>(units);
    std::string digits;
    do {
      digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
      magnitude /= 10;
    } while (magnitude > 0);
    if (scale > 0) {
      if (digits.size() <= static_cast<std::size_t>(scale))
        digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
      digits.insert(digits.size() - static_cast<std::size_t>(scale), ".");
      while (digits.back() == '0') digits.pop_back();
      if (digits.back() == '.') digits.pop_back();
    }
    return (negative && digits != "0" ? "-" : "") + digits;
  };
  std::mt19937_64 random(38);
  const std::int64_t edges[] = {
      0, 1, 9, 999999999999999999, -999999999999999999, 99999999999999999, 100000000000000000};
  for (int i = 0; i < 5000; ++i) {
    const auto pick = [&] {
      if (random() % 4 == 0) return edges[random() % std::size(edges)];
      const auto bound = static_cast<std::int64_t>(random() % 1000000000000000000ULL);
      return random() % 2 ? bound : -bound;
    };
    const std::int64_t a = pick(), b = pick();
    const int a_scale = static_cast<int>(random() % 4), b_scale = static_cast<int>(random() % 4);
    const int scale = std::max(a_scale, b_scale);
    Int128 expected = static_cast<Int128>(a);
    for (int s = a_scale; s < scale; ++s) expected *= 10;
    Int128 other = static_cast<Int128>(b);
    for (int s = b_scale; s < scale; ++s) other *= 10;
    expected += other;
    const std::string a_text = text_of(a, a_scale), b_text = text_of(b, b_scale);
    const auto sum = d(a_text.c_str()).plus(d(b_text.c_str()));
    ASSERT_TRUE(sum.is_ok()) << a_text << " + " << b_text;
    EXPECT_EQ(sum->to_string(), text_of(expected, scale)) << a_text << " + " << b_text;
    // Canonical inside too (trailing zeros in the exponent): == compares the representation.
    EXPECT_EQ(*sum, d(text_of(expected, scale).c_str())) << a_text << " + " << b_text;
    const auto difference = d(a_text.c_str()).minus(d(b_text.c_str()));
    ASSERT_TRUE(difference.is_ok());
    EXPECT_EQ(difference->to_string(), text_of(expected - 2 * other, scale))
        << a_text << " - " << b_text;
  }
}

TEST(DecimalTest, ThirtyEightDigitsAndRangeAreEnforced) {
  EXPECT_TRUE(Decimal::parse("12345678901234567890123456789012345678").is_ok());
  const auto too_precise = Decimal::parse("123456789012345678901234567890123456789");
  EXPECT_EQ(too_precise.error().message,
            "Attempting to store more than 38 significant digits in a Number");
  // Trailing zeros are not significant.
  EXPECT_TRUE(Decimal::parse("1234567890123456789012345678901234567800000").is_ok());
  EXPECT_TRUE(Decimal::parse("9.9999999999999999999999999999999999999E+125").is_ok());
  EXPECT_EQ(
      Decimal::parse("1E+126").error().message,
      "Number overflow. Attempting to store a number with magnitude larger than supported range");
  EXPECT_TRUE(Decimal::parse("1E-130").is_ok());
  EXPECT_EQ(Decimal::parse("1E-131").error().type, "ValidationException");
  // Arithmetic that would need a 39th digit is refused, not rounded.
  EXPECT_EQ(d("99999999999999999999999999999999999999").plus(d("1"))->to_string(),
            "100000000000000000000000000000000000000");
  EXPECT_FALSE(d("1e30").plus(d("1e-30")).is_ok());
  EXPECT_FALSE(d("9.9999999999999999999999999999999999999E+125").plus(d("1E+125")).is_ok());
  // The same limits on the 64-bit path (sums of at most 18 aligned digits).
  EXPECT_EQ(
      d("9E125").plus(d("1E125")).error().message,
      "Number overflow. Attempting to store a number with magnitude larger than supported range");
  EXPECT_EQ(d("1.0000000000000001E-130").minus(d("1E-130")).error().message,
            "Number underflow. Attempting to store a number with magnitude smaller than supported "
            "range");
  EXPECT_EQ(d("9E124").plus(d("1E124"))->to_string(), "1" + std::string(125, '0'));
}

TEST(DecimalTest, MalformedNumbersAreValidationErrors) {
  for (const char* text :
       {"", "abc", "1..2", "1e", "--1", "1e+", "0x10", "1 ", " 1", "NaN", "Infinity"}) {
    const auto parsed = Decimal::parse(text);
    ASSERT_FALSE(parsed.is_ok()) << text;
    EXPECT_EQ(parsed.error().type, "ValidationException");
  }
}

TEST(DecimalTest, OrdersNumerically) {
  const char* ascending[] = {"-1e10", "-2", "-1.5", "-0.001", "0",  "1E-130",
                             "0.5",   "1",  "1.05", "2",      "10", "1e125"};
  for (std::size_t i = 0; i + 1 < std::size(ascending); ++i) {
    EXPECT_LT(d(ascending[i]), d(ascending[i + 1])) << ascending[i] << " < " << ascending[i + 1];
    EXPECT_GT(d(ascending[i + 1]), d(ascending[i]));
  }
  EXPECT_EQ(d("1.0"), d("1"));
  EXPECT_EQ(Decimal::from_integer(-42).to_string(), "-42");
}

}  // namespace
}  // namespace streamlab::dynamodb
