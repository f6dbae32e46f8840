#include "emulator/dynamodb/decimal.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>

namespace streamlab::dynamodb {
namespace {

constexpr int kMaxDigits = 38;
// Largest magnitude: 9.99…E+125 → adjusted exponent (position of the leading digit) ≤ 125.
constexpr int kMaxAdjustedExponent = 125;
// Smallest magnitude: 1E-130.
constexpr int kMinAdjustedExponent = -130;

// 10^0 … 10^38.
constexpr std::array<uint128, kMaxDigits + 1> kPowersOfTen = [] {
  std::array<uint128, kMaxDigits + 1> out{};
  uint128 power = 1;
  for (auto& entry : out) {
    entry = power;
    power *= 10;
  }
  return out;
}();

// The largest magnitude that can be scaled by 10^shift within 128 bits
// (a table: dividing 128-bit numbers on every sum is a library call).
constexpr std::array<uint128, kMaxDigits + 1> kMaxScalable = [] {
  std::array<uint128, kMaxDigits + 1> out{};
  for (std::size_t shift = 0; shift <= kMaxDigits; ++shift)
    out[shift] = std::numeric_limits<uint128>::max() / kPowersOfTen[shift];
  return out;
}();

// Decimal digits of a magnitude below 10^39; 0 for zero. From the bit
// length: t = floor(bits × log10 2) (1233/4096 is just below log10 2, and no
// bit length up to 128 lands close enough to an integer for that to matter),
// so 10^t ≤ 2^bits and the magnitude has t or t + 1 digits.
int digit_count(uint128 magnitude) {
  if (magnitude == 0) return 0;
  const auto high = static_cast<std::uint64_t>(magnitude >> 64);
  const int bits = high != 0 ? 128 - __builtin_clzll(high)
                             : 64 - __builtin_clzll(static_cast<std::uint64_t>(magnitude));
  const int t = (bits * 1233) >> 12;
  return t + (magnitude >= kPowersOfTen[static_cast<std::size_t>(t)] ? 1 : 0);
}

// Drops trailing zeros into the exponent (64-bit division while it fits).
void trim_trailing_zeros(uint128& magnitude, int& exponent) {
  while (magnitude > std::numeric_limits<std::uint64_t>::max() && magnitude % 10 == 0) {
    magnitude /= 10;
    ++exponent;
  }
  auto small = static_cast<std::uint64_t>(magnitude);
  if (small != magnitude) return;  // a wide magnitude that ends in a non-zero digit
  while (small % 10 == 0) {
    small /= 10;
    ++exponent;
  }
  magnitude = small;
}

const Status& too_many_digits() {
  static const Status error =
      errors::validation("Attempting to store more than 38 significant digits in a Number");
  return error;
}

}  // namespace

Status Decimal::check_range(int adjusted_exponent) {
  if (adjusted_exponent > kMaxAdjustedExponent) {
    return errors::validation(
        "Number overflow. Attempting to store a number with magnitude larger "
        "than supported range");
  }
  if (adjusted_exponent < kMinAdjustedExponent) {
    return errors::validation(
        "Number underflow. Attempting to store a number with magnitude smaller "
        "than supported range");
  }
  return Status::ok();
}

Result<Decimal> Decimal::make(bool negative, uint128 magnitude, int exponent) {
  if (magnitude == 0) return Decimal();
  trim_trailing_zeros(magnitude, exponent);
  return make_trimmed(negative, magnitude, exponent);
}

Result<Decimal> Decimal::make_small(bool negative, std::uint64_t magnitude, int exponent) {
  while (magnitude % 10 == 0) {  // REQUIRES: magnitude != 0
    magnitude /= 10;
    ++exponent;
  }
  // At most 20 digits (below 2^64) at an exponent within ±100: the leading
  // digit is within the range (±125, -130) and the digits within 38 whatever
  // their count, so none are counted (a Query's rows are summed one by one).
  if (exponent >= -100 && exponent <= 100) {
    Decimal out;
    out.negative_ = negative;
    out.magnitude_ = magnitude;
    out.exponent_ = exponent;
    return out;
  }
  return make_trimmed(negative, magnitude, exponent);
}

Result<Decimal> Decimal::make_trimmed(bool negative, uint128 magnitude, int exponent) {
  const int digits = digit_count(magnitude);
  if (digits > kMaxDigits) return too_many_digits();
  const int adjusted = exponent + digits - 1;
  if (adjusted > kMaxAdjustedExponent || adjusted < kMinAdjustedExponent)
    return check_range(adjusted);
  Decimal out;
  out.negative_ = negative;
  out.magnitude_ = magnitude;
  out.exponent_ = exponent;
  return out;
}

std::size_t Decimal::significant_digits() const {
  return static_cast<std::size_t>(digit_count(magnitude_));
}

Result<Decimal> Decimal::parse(std::string_view text) {
  const auto invalid = [&] {
    return errors::validation("A value provided cannot be converted into a number");
  };
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  // The digits without leading zeros; trailing zeros count only once a
  // non-zero digit follows them (then they are significant).
  uint128 magnitude = 0;
  int significant = 0;
  int pending_zeros = 0;  // trailing zeros not yet in magnitude
  int exponent = 0;
  int digits_read = 0;
  bool any_digit = false, seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (++digits_read > 401) return invalid();  // far beyond any valid number
      if (seen_point) --exponent;
      if (c == '0') {
        if (significant > 0) ++pending_zeros;
        continue;
      }
      if (significant + pending_zeros + 1 > kMaxDigits) {
        // Keep reading: the text may still be malformed, which is the error
        // DynamoDB reports first.
        significant = kMaxDigits + 1;
        pending_zeros = 0;
        continue;
      }
      magnitude = magnitude * kPowersOfTen[static_cast<std::size_t>(pending_zeros) + 1] +
                  static_cast<unsigned>(c - '0');
      significant += pending_zeros + 1;
      pending_zeros = 0;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return invalid();
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return invalid();
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    if (i == text.size()) return invalid();
    long long value = 0;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return invalid();
      value = std::min(value * 10 + (text[i] - '0'), 100000LL);
    }
    exponent += static_cast<int>(exponent_negative ? -value : value);
  }
  if (significant > kMaxDigits) return too_many_digits();
  // The trailing zeros left out of magnitude scale it up instead.
  return make(negative, magnitude, exponent + pending_zeros);
}

Decimal Decimal::from_integer(long long value) {
  const bool negative = value < 0;
  const unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(value)
                                                : static_cast<unsigned long long>(value);
  return make(negative, magnitude, 0).value();
}

Decimal Decimal::from_unsigned(std::uint64_t value) {
  if (value == 0) return Decimal();
  return make_small(false, value, 0).value();  // 20 digits at most: always valid
}

bool Decimal::scaled_as_whole(std::uint64_t& value) const {
  if (is_zero()) {
    value = 0;
    return true;
  }
  if (negative_ || exponent_ < 0 || exponent_ > 19 ||
      magnitude_ > std::numeric_limits<std::uint64_t>::max())
    return false;
  const uint128 whole = magnitude_ * kPowersOfTen[static_cast<std::size_t>(exponent_)];
  if (whole > std::numeric_limits<std::uint64_t>::max()) return false;
  value = static_cast<std::uint64_t>(whole);
  return true;
}

Status DecimalSum::add_term_by_term(const Decimal& term) {
  if (in_whole_) {  // from here on term by term, as plus() from the start would be
    in_whole_ = false;
    sum_ = Decimal::from_unsigned(whole_);
  }
  STREAMLAB_ASSIGN_OR_RETURN(sum_, sum_.plus(term));
  return Status::ok();
}

std::string Decimal::to_string() const {
  if (is_zero()) return "0";
  // The magnitude's digits: below 10^38, so at most two 19-digit halves.
  constexpr auto kHalf = static_cast<std::uint64_t>(10'000'000'000'000'000'000ULL);
  char buffer[48];
  char* end = buffer;
  const auto high = static_cast<std::uint64_t>(magnitude_ / kHalf);
  const auto low = static_cast<std::uint64_t>(magnitude_ % kHalf);
  if (high > 0) {
    end = std::to_chars(end, buffer + sizeof buffer, high).ptr;
    char* low_end = std::to_chars(end, buffer + sizeof buffer, low).ptr;
    const auto low_length = static_cast<std::size_t>(low_end - end);
    std::memmove(end + (19 - low_length), end, low_length);  // zero-pad to 19 digits
    std::fill(end, end + (19 - low_length), '0');
    end += 19;
  } else {
    end = std::to_chars(end, buffer + sizeof buffer, low).ptr;
  }
  const std::string_view digits(buffer, static_cast<std::size_t>(end - buffer));
  std::string out = negative_ ? "-" : "";
  const int length = static_cast<int>(digits.size());
  if (exponent_ >= 0) {
    out += digits;
    out.append(static_cast<std::size_t>(exponent_), '0');
  } else if (-exponent_ < length) {
    const auto integer_digits =
        static_cast<std::size_t>(length) - static_cast<std::size_t>(-exponent_);
    out += digits.substr(0, integer_digits);
    out += '.';
    out += digits.substr(integer_digits);
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent_ - length), '0');
    out += digits;
  }
  return out;
}

Result<Decimal> Decimal::plus(const Decimal& other) const {
  if (other.is_zero()) return *this;
  if (is_zero()) return other;
  // The commonest sum, a count and a count: one exponent, one sign, both
  // below 2^63 — nothing to align, and the sum fits in 64 bits.
  constexpr uint128 kSmall = uint128{1} << 63;
  if (exponent_ == other.exponent_ && negative_ == other.negative_ && magnitude_ < kSmall &&
      other.magnitude_ < kSmall) {
    return make_small(negative_, static_cast<std::uint64_t>(magnitude_ + other.magnitude_),
                      exponent_);
  }
  // Align at the smaller exponent: the other magnitude is scaled up.
  const Decimal& low = exponent_ <= other.exponent_ ? *this : other;  // the smaller exponent
  const Decimal& high = exponent_ <= other.exponent_ ? other : *this;
  const int shift = high.exponent_ - low.exponent_;
  // When the scaled magnitude passes 2^128, or the sum does, the exact result
  // is beyond 10^38 and ends in low's last digit, which is not zero: more
  // than 38 significant digits, as DynamoDB refuses (never rounded).
  if (shift > kMaxDigits || high.magnitude_ > kMaxScalable[static_cast<std::size_t>(shift)]) {
    return too_many_digits();
  }
  // Counters and scores: both magnitudes and the scaled one fit in 64 bits,
  // and so does the sum; 64-bit arithmetic and trimming, same result.
  std::uint64_t small_scaled = 0, small_sum = 0;
  if (shift < 20 && high.magnitude_ <= std::numeric_limits<std::uint64_t>::max() &&
      low.magnitude_ <= std::numeric_limits<std::uint64_t>::max() &&
      !__builtin_mul_overflow(
          static_cast<std::uint64_t>(high.magnitude_),
          static_cast<std::uint64_t>(kPowersOfTen[static_cast<std::size_t>(shift)]),
          &small_scaled)) {
    const auto small_low = static_cast<std::uint64_t>(low.magnitude_);
    if (low.negative_ != high.negative_) {
      if (small_scaled == small_low) return Decimal();
      return small_scaled > small_low
                 ? make_small(high.negative_, small_scaled - small_low, low.exponent_)
                 : make_small(low.negative_, small_low - small_scaled, low.exponent_);
    }
    if (!__builtin_add_overflow(small_scaled, small_low, &small_sum))
      return make_small(low.negative_, small_sum, low.exponent_);
  }
  const uint128 scaled = high.magnitude_ * kPowersOfTen[static_cast<std::size_t>(shift)];
  if (low.negative_ == high.negative_) {
    if (scaled > std::numeric_limits<uint128>::max() - low.magnitude_) return too_many_digits();
    return make(low.negative_, scaled + low.magnitude_, low.exponent_);
  }
  if (scaled == low.magnitude_) return Decimal();
  return scaled > low.magnitude_ ? make(high.negative_, scaled - low.magnitude_, low.exponent_)
                                 : make(low.negative_, low.magnitude_ - scaled, low.exponent_);
}

Result<Decimal> Decimal::minus(const Decimal& other) const {
  Decimal negated = other;
  if (!negated.is_zero()) negated.negative_ = !negated.negative_;
  return plus(negated);
}

std::uint64_t Decimal::order_prefix() const {
  constexpr std::uint64_t kZero = std::uint64_t{1} << 63;  // negatives below, positives above
  if (is_zero()) return kZero;
  // |value|: the adjusted exponent (−130…125, biased to 126…381: 9 bits) above
  // the first 16 digits, zero-padded (below 10^16 < 2^54): for normalized
  // digits a larger exponent is a larger magnitude, and on equal exponents
  // the digit strings compare as these prefixes do.
  const int digits = digit_count(magnitude_);
  const int adjusted = exponent_ + digits - 1;
  const std::uint64_t leading =
      digits >= 16 ? static_cast<std::uint64_t>(magnitude_ /
                                                kPowersOfTen[static_cast<std::size_t>(digits - 16)])
                   : static_cast<std::uint64_t>(
                         magnitude_ * kPowersOfTen[static_cast<std::size_t>(16 - digits)]);
  const std::uint64_t magnitude =
      kZero | (static_cast<std::uint64_t>(adjusted + 256) << 54) | leading;
  return negative_ ? ~magnitude : magnitude;  // a larger magnitude is a smaller negative
}

std::strong_ordering Decimal::operator<=>(const Decimal& other) const {
  if (negative_ != other.negative_)
    return negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  if (is_zero() || other.is_zero()) {
    if (is_zero() && other.is_zero()) return std::strong_ordering::equal;
    const bool this_bigger = other.is_zero() ? !negative_ : other.negative_;
    return this_bigger ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  // Same sign, both non-zero: compare magnitudes, the other way round for
  // negatives (a larger magnitude is a smaller number).
  const Decimal& left = negative_ ? other : *this;
  const Decimal& right = negative_ ? *this : other;
  const int left_digits = digit_count(left.magnitude_);
  const int right_digits = digit_count(right.magnitude_);
  const auto by_position =
      (left.exponent_ + left_digits - 1) <=> (right.exponent_ + right_digits - 1);
  if (by_position != std::strong_ordering::equal) return by_position;
  // The same leading position: pad the shorter to the other's digit count
  // (at most 38 digits, so no overflow) and compare as integers.
  const uint128 a = left.magnitude_ *
                    kPowersOfTen[static_cast<std::size_t>(std::max(0, right_digits - left_digits))];
  const uint128 b = right.magnitude_ *
                    kPowersOfTen[static_cast<std::size_t>(std::max(0, left_digits - right_digits))];
  return a <=> b;
}

}  // namespace streamlab::dynamodb
