// DynamoDB numbers: exact decimals with up to 38 significant digits.
//
// Developer guide, "Data types": numbers have up to 38 digits of precision and
// range from ±1E-130 to ±9.9999999999999999999999999999999999999E+125;
// leading and trailing zeros are trimmed. No doubles anywhere: 0.1 + 0.2 is
// exactly 0.3. A value out of range or beyond 38 digits is a
// ValidationException with DynamoDB's wording.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "emulator/core/status.h"
#include "emulator/core/uint128.h"

namespace streamlab::dynamodb {

class Decimal {
 public:
  Decimal() = default;  // zero

  // Parses DynamoDB's number syntax ("-12.50", "1e3", "+.5").
  static Result<Decimal> parse(std::string_view text);
  static Decimal from_integer(long long value);
  static Decimal from_unsigned(std::uint64_t value);

  // The value when it is a whole number from 0 to 2^64 - 1; false otherwise.
  bool as_whole(std::uint64_t& value) const {
    // The commonest: a non-negative integer without trailing zeros, below 2^64.
    if (exponent_ == 0 && !negative_ && (magnitude_ >> 64) == 0) {
      value = static_cast<std::uint64_t>(magnitude_);
      return true;
    }
    return scaled_as_whole(value);
  }

  // Canonical form, as DynamoDB returns numbers: no exponent, no trailing
  // fractional zeros ("1E2" → "100", "1.50" → "1.5", "-0" → "0").
  std::string to_string() const;

  // Exact sum / difference; errors when the result needs more than 38 digits
  // or leaves the supported range.
  Result<Decimal> plus(const Decimal& other) const;
  Result<Decimal> minus(const Decimal& other) const;

  bool is_zero() const { return magnitude_ == 0; }
  bool is_negative() const { return negative_; }
  // Significant digits (for item size); 0 for zero.
  std::size_t significant_digits() const;

  // A 64-bit summary that orders as the numbers do, though coarser: a < b
  // implies order_prefix() <= other's, and a smaller prefix means a smaller
  // number. Sign, exponent and the first 16 digits: sorted searches compare
  // it (kept beside their pointers) and read the number only on a tie.
  std::uint64_t order_prefix() const;

  std::strong_ordering operator<=>(const Decimal& other) const;
  bool operator==(const Decimal& other) const = default;

 private:
  // ±magnitude × 10^exponent, trimmed of trailing zeros and checked: more
  // than 38 digits, or a leading digit outside the range, is an error.
  static Result<Decimal> make(bool negative, uint128 magnitude, int exponent);
  // The same for a non-zero magnitude below 2^64 (sums of small numbers).
  static Result<Decimal> make_small(bool negative, std::uint64_t magnitude, int exponent);
  // The checks and the value, for a magnitude without trailing zeros.
  static Result<Decimal> make_trimmed(bool negative, uint128 magnitude, int exponent);
  static Status check_range(int adjusted_exponent);  // of the leading digit
  bool scaled_as_whole(std::uint64_t& value) const;  // as_whole() beyond its commonest case

  // value = (negative ? -1 : 1) * magnitude * 10^exponent. Canonical: the
  // magnitude has no trailing zeros and at most 38 digits (below 10^38 <
  // 2^127, so sums of two fit); zero is 0, exponent 0, not negative. No
  // digit string: numbers are compared, summed and copied on every write.
  // 8-byte aligned (a typedef may lower alignment): a Decimal is 24 bytes,
  // so an attribute value is 32 and an item's entry one cache line.
  __extension__ typedef unsigned __int128 Magnitude __attribute__((aligned(8)));
  Magnitude magnitude_ = 0;
  int exponent_ = 0;
  bool negative_ = false;
};

// A running sum, term by term, with the partial sums, result and errors of
// `sum = sum.plus(term)` — but whole terms are added as integers while every
// term so far was whole and the sum stays below 2^64 (such a sum needs no
// normalizing, and plus() never fails on it), which is how a Query's counts
// and scores are summed.
class DecimalSum {
 public:
  Status add(const Decimal& term) {
    std::uint64_t whole = 0, total = 0;
    if (in_whole_ && term.as_whole(whole) && !__builtin_add_overflow(whole_, whole, &total)) {
      whole_ = total;
      return Status::ok();
    }
    return add_term_by_term(term);
  }
  Decimal value() const { return in_whole_ ? Decimal::from_unsigned(whole_) : sum_; }

 private:
  Status add_term_by_term(const Decimal& term);

  bool in_whole_ = true;  // the sum is whole_; otherwise sum_
  std::uint64_t whole_ = 0;
  Decimal sum_;
};

}  // namespace streamlab::dynamodb
