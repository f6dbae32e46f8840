// DynamoDB numbers (developer guide, "Data types" → Number): 38 significant
// digits, range 1E-130 .. 9.9999999999999999999999999999999999999E+125.
#include "emulator/dynamodb/decimal.h"

#include <gtest/gtest.h>

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
