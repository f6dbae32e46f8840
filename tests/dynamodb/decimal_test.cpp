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

// Reference arithmetic on digit strings (schoolbook), for numbers of any width.
struct Exact {
  bool negative = false;
  std::string digits;  // no leading zeros; "" for zero
  int exponent = 0;
};

Exact exact_of(bool negative, std::string digits, int exponent) {
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  if (digits.empty()) return {};
  return {negative, digits, exponent};
}

int compare_digits(const std::string& a, const std::string& b) {  // equal alignment
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

Exact exact_sum(const Exact& a, const Exact& b) {
  if (a.digits.empty()) return b;
  if (b.digits.empty()) return a;
  const int exponent = std::min(a.exponent, b.exponent);
  const std::string x =
      a.digits + std::string(static_cast<std::size_t>(a.exponent - exponent), '0');
  const std::string y =
      b.digits + std::string(static_cast<std::size_t>(b.exponent - exponent), '0');
  std::string out;
  if (a.negative == b.negative) {
    int carry = 0;
    for (std::size_t i = 0; i < std::max(x.size(), y.size()) || carry; ++i) {
      int sum = carry;
      if (i < x.size()) sum += x[x.size() - 1 - i] - '0';
      if (i < y.size()) sum += y[y.size() - 1 - i] - '0';
      out.insert(out.begin(), static_cast<char>('0' + sum % 10));
      carry = sum / 10;
    }
    return exact_of(a.negative, out, exponent);
  }
  const int order = compare_digits(x, y);
  if (order == 0) return {};
  const std::string& big = order > 0 ? x : y;
  const std::string& small = order > 0 ? y : x;
  int borrow = 0;
  for (std::size_t i = 0; i < big.size(); ++i) {
    int diff = (big[big.size() - 1 - i] - '0') - borrow -
               (i < small.size() ? small[small.size() - 1 - i] - '0' : 0);
    borrow = diff < 0 ? 1 : 0;
    out.insert(out.begin(), static_cast<char>('0' + diff + borrow * 10));
  }
  return exact_of(order > 0 ? a.negative : b.negative, out, exponent);
}

std::string text_of(const Exact& value) {
  if (value.digits.empty()) return "0";
  return (value.negative ? "-" : "") + value.digits + "E" + std::to_string(value.exponent);
}

// Numbers up to 38 digits at scales far apart, both signs: sums and
// differences agree with exact arithmetic — or are refused exactly when the
// exact result needs a 39th significant digit — and order as it does.
TEST(DecimalTest, WideSumsAndOrderAgreeWithExactArithmetic) {
  std::mt19937_64 random(126);
  const auto pick = [&random] {
    const std::size_t length = 1 + random() % 38;
    std::string digits;
    for (std::size_t i = 0; i < length; ++i) {
      // Runs of nines and zeros reach the carries and borrows at the edges.
      const auto kind = random() % 4;
      digits.push_back(kind == 0 ? '9'
                                 : (kind == 1 ? '0' : static_cast<char>('0' + random() % 10)));
    }
    if (digits.front() == '0') digits.front() = '1';
    return exact_of(random() % 2 == 0, digits, static_cast<int>(random() % 61) - 30);
  };
  for (int i = 0; i < 20000; ++i) {
    const Exact a = pick(), b = pick();
    const Decimal x = d(text_of(a).c_str()), y = d(text_of(b).c_str());
    const Exact expected = exact_sum(a, b);
    const auto sum = x.plus(y);
    if (expected.digits.size() > 38) {
      ASSERT_FALSE(sum.is_ok()) << text_of(a) << " + " << text_of(b);
      EXPECT_EQ(sum.error().message,
                "Attempting to store more than 38 significant digits in a Number");
    } else {
      ASSERT_TRUE(sum.is_ok()) << text_of(a) << " + " << text_of(b);
      EXPECT_EQ(*sum, d(text_of(expected).c_str())) << text_of(a) << " + " << text_of(b);
    }
    Exact negated_b = b;
    negated_b.negative = !b.negative;
    const Exact difference = exact_sum(a, negated_b);
    const auto order = x <=> y;
    if (difference.digits.empty()) {
      EXPECT_TRUE(order == 0) << text_of(a) << " vs " << text_of(b);
    } else {
      EXPECT_EQ(order < 0, difference.negative) << text_of(a) << " vs " << text_of(b);
      EXPECT_EQ(x.order_prefix() < y.order_prefix(),
                difference.negative && x.order_prefix() != y.order_prefix());
    }
    EXPECT_EQ(x.significant_digits(), a.digits.size()) << text_of(a);
  }
}

TEST(DecimalTest, ParsesAndPrintsEveryDigitOfWideNumbers) {
  const std::pair<const char*, const char*> cases[] = {
      {"10000000000000000000000000000000000001", "10000000000000000000000000000000000001"},
      {"-1234567890123456789.0123456789012345678", "-1234567890123456789.0123456789012345678"},
      {"0.00000000000000000000000000000000000000012345678901234567890123456789012345678",
       "0.00000000000000000000000000000000000000012345678901234567890123456789012345678"},
      {"00012300.04500", "12300.045"},
      {"18446744073709551616", "18446744073709551616"},  // 2^64
      {"1844674407370955161600", "1844674407370955161600"}};
  for (const auto& [text, canonical] : cases) EXPECT_EQ(d(text).to_string(), canonical) << text;
  EXPECT_EQ(Decimal::parse("1000000000000000000000000000000000000001").error().message,
            "Attempting to store more than 38 significant digits in a Number");
  EXPECT_EQ(Decimal::parse("1" + std::string(401, '0')).error().message,
            "A value provided cannot be converted into a number");
  // A scaled magnitude of 10^38 or more may still cancel to 38 digits.
  EXPECT_EQ(d("1E38").minus(d("5"))->to_string(), std::string(37, '9') + "5");
  EXPECT_FALSE(d("1E38").plus(d("5")).is_ok());
  EXPECT_FALSE(d("3E38").minus(d("1")).is_ok());
  EXPECT_FALSE(d("99999999999999999999999999999999999999E5").minus(d("1")).is_ok());
  EXPECT_EQ(d("1.5").significant_digits(), 2u);
  EXPECT_EQ(d("0").significant_digits(), 0u);
}

// Digits are counted from the bit length: check every power of ten and its
// neighbours (the boundaries), and every power of two (each bit length).
TEST(DecimalTest, CountsDigitsAtEveryBoundary) {
  for (std::size_t digits = 1; digits <= 38; ++digits) {
    const std::string nines(digits, '9');
    EXPECT_EQ(d(nines.c_str()).significant_digits(), digits) << nines;
    const std::string power = "1" + std::string(digits - 1, '0') + "1";  // 10^digits + 1
    if (digits + 1 <= 38) {
      EXPECT_EQ(d(power.c_str()).significant_digits(), digits + 1) << power;
    }
    const std::string ten_to_the = "1E" + std::to_string(digits);  // trailing zeros trimmed
    EXPECT_EQ(d(ten_to_the.c_str()).significant_digits(), 1u);
  }
  Decimal power_of_two = Decimal::from_integer(1);
  for (int bits = 1; bits <= 126; ++bits) {
    const std::string text = power_of_two.to_string();
    std::size_t significant = text.find_last_not_of('0') + 1;  // integers: no leading zeros
    EXPECT_EQ(power_of_two.significant_digits(), significant) << text;
    const auto minus_one = power_of_two.minus(Decimal::from_integer(1));
    ASSERT_TRUE(minus_one.is_ok());
    const std::string below = minus_one->to_string();
    EXPECT_EQ(minus_one->significant_digits(), below.find_last_not_of('0') + 1) << below;
    power_of_two = power_of_two.plus(power_of_two).value();
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

// Small sums skip counting digits when the exponent is modest; at every
// exponent near and beyond the range's ends they must still agree with what
// parsing the exact result gives — the same number, or the same error.
TEST(DecimalTest, SmallSumsAgreeWithParsingAtEveryExponent) {
  const std::pair<const char*, const char*> sums[] = {
      {"9", "1"},
      {"1", "1"},
      {"18446744073709551614", "1"},
      {"5", "-4"},
      {"12", "8"},
      {"10000000000000001", "-10000000000000000"},     // cancels
      {"9223372036854775807", "9223372036854775807"},  // the largest at one exponent: 2^63 - 1
      {"-3", "-7"}};
  const std::pair<const char*, const char*> expected[] = {
      {"1", "1"}, {"2", "0"}, {"18446744073709551615", "0"}, {"1", "0"},
      {"2", "1"}, {"1", "0"}, {"18446744073709551614", "0"}, {"-1", "1"}};
  for (int exponent = -160; exponent <= 140; ++exponent) {
    for (std::size_t i = 0; i < std::size(sums); ++i) {
      const std::string e = "E" + std::to_string(exponent);
      const auto a = Decimal::parse(std::string(sums[i].first) + e);
      const auto b = Decimal::parse(std::string(sums[i].second) + e);
      if (!a.is_ok() || !b.is_ok()) continue;
      const auto sum = a->plus(*b);
      const auto parsed = Decimal::parse(std::string(expected[i].first) + "E" +
                                         std::to_string(exponent + std::stoi(expected[i].second)));
      ASSERT_EQ(sum.is_ok(), parsed.is_ok()) << sums[i].first << " + " << sums[i].second << e;
      if (sum.is_ok()) {
        EXPECT_EQ(*sum, *parsed) << sums[i].first << " + " << sums[i].second << e;
      } else {
        EXPECT_EQ(sum.error().message, parsed.error().message) << sums[i].first << e;
      }
    }
  }
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

namespace streamlab::dynamodb {
namespace {

TEST(DecimalTest, WholeNumbersBelowTwoToTheSixtyFourAreReadAsIntegers) {
  std::uint64_t value = 7;
  EXPECT_TRUE(d("0").as_whole(value));
  EXPECT_EQ(value, 0u);
  for (const char* text : {"1", "10", "1e3", "120", "18446744073709551615",
                           "1.8446744073709551615E19", "1E19", "5000000000000000000"}) {
    ASSERT_TRUE(d(text).as_whole(value)) << text;
    EXPECT_EQ(Decimal::from_unsigned(value), d(text)) << text;
  }
  EXPECT_EQ(value, 5000000000000000000u);
  for (const char* text : {"-1", "0.5", "1.25e1", "18446744073709551616", "1E20", "1E100",
                           "12345678901234567890123456789012345678"}) {
    EXPECT_FALSE(d(text).as_whole(value)) << text;
  }
  EXPECT_EQ(Decimal::from_unsigned(0), Decimal());
  EXPECT_EQ(Decimal::from_unsigned(1000).to_string(), "1000");
}

// A DecimalSum gives the partial sums, the result and the errors of plus()
// term by term, whatever the terms: whole ones (the integer path), whole ones
// that overflow 64 bits, fractions, negatives, and terms that make the sum
// need more than 38 digits.
TEST(DecimalTest, ARunningSumAgreesWithPlusTermByTerm) {
  std::mt19937_64 random(20261124);
  const std::vector<std::string> kTerms = {"0",
                                           "1",
                                           "7",
                                           "10",
                                           "250",
                                           "1e3",
                                           "99999",
                                           "18446744073709551615",
                                           "9e18",
                                           "0.5",
                                           "-3",
                                           "2.25",
                                           "1e-5",
                                           "-18446744073709551615",
                                           "1e37",
                                           "-1e37",
                                           "12345678901234567890123456789012345678",
                                           "1e20"};
  for (int round = 0; round < 3000; ++round) {
    DecimalSum running;
    Decimal expected;
    const int terms = 1 + static_cast<int>(random() % 12);
    // Mostly whole terms, as a Query's scores are.
    const bool whole_only = random() % 2 == 0;
    std::string trail;
    for (int i = 0; i < terms; ++i) {
      const std::string& term =
          kTerms[static_cast<std::size_t>(random() % (whole_only ? 9 : kTerms.size()))];
      trail += " + " + term;
      const auto plus = expected.plus(d(term.c_str()));
      const Status added = running.add(d(term.c_str()));
      ASSERT_EQ(added.is_ok(), plus.is_ok()) << trail;
      if (!plus.is_ok()) {
        EXPECT_EQ(added.error().message, plus.error().message) << trail;
        break;
      }
      expected = *plus;
      ASSERT_EQ(running.value(), expected) << trail;
    }
  }
}

}  // namespace
}  // namespace streamlab::dynamodb
