#include "emulator/dynamodb/decimal.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace streamlab::dynamodb {
namespace {

constexpr std::size_t kMaxDigits = 38;
// Largest magnitude: 9.99…E+125 → adjusted exponent (position of the leading digit) ≤ 125.
constexpr int kMaxAdjustedExponent = 125;
// Smallest magnitude: 1E-130.
constexpr int kMinAdjustedExponent = -130;

// Compares two digit strings as magnitudes aligned at the same exponent.
int compare_magnitude(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

std::string add_digits(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int sum = carry;
    if (i < a.size()) sum += a[a.size() - 1 - i] - '0';
    if (i < b.size()) sum += b[b.size() - 1 - i] - '0';
    out.push_back(static_cast<char>('0' + sum % 10));
    carry = sum / 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// REQUIRES: a >= b as magnitudes of equal alignment.
std::string subtract_digits(const std::string& a, const std::string& b) {
  std::string out;
  int borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int diff =
        (a[a.size() - 1 - i] - '0') - borrow - (i < b.size() ? b[b.size() - 1 - i] - '0' : 0);
    borrow = diff < 0 ? 1 : 0;
    out.push_back(static_cast<char>('0' + diff + borrow * 10));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// Magnitudes of at most this many digits fit an int64 with room for a sum.
constexpr std::size_t kSmallDigits = 18;

// ±digits × 10^shift. REQUIRES: digits.size() + shift <= kSmallDigits.
std::int64_t small_value(bool negative, const std::string& digits, int shift) {
  std::int64_t value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  for (int i = 0; i < shift; ++i) value *= 10;
  return negative ? -value : value;
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

Result<Decimal> Decimal::make(bool negative, std::string digits, int exponent) {
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Decimal();
  digits.erase(0, first);
  const auto last = digits.find_last_not_of('0');
  exponent += static_cast<int>(digits.size() - 1 - last);
  digits.erase(last + 1);
  if (digits.size() > kMaxDigits) {
    return errors::validation("Attempting to store more than 38 significant digits in a Number");
  }
  STREAMLAB_RETURN_IF_ERROR(check_range(exponent + static_cast<int>(digits.size()) - 1));
  Decimal out;
  out.negative_ = negative;
  out.digits_ = std::move(digits);
  out.exponent_ = exponent;
  return out;
}

Result<Decimal> Decimal::from_magnitude(bool negative, std::uint64_t magnitude, int exponent) {
  if (magnitude == 0) return Decimal();
  while (magnitude % 10 == 0) {
    magnitude /= 10;
    ++exponent;
  }
  char buffer[24];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, magnitude);
  STREAMLAB_RETURN_IF_ERROR(check_range(exponent + static_cast<int>(written.ptr - buffer) - 1));
  Decimal out;
  out.negative_ = negative;
  out.digits_.assign(buffer, written.ptr);
  out.exponent_ = exponent;
  return out;
}

Result<Decimal> Decimal::parse(std::string_view text) {
  const auto invalid = [&] {
    return errors::validation("A value provided cannot be converted into a number");
  };
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  int exponent = 0;
  bool any_digit = false, seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (digits.size() > 400) return invalid();  // far beyond any valid number
      digits.push_back(c);
      if (seen_point) --exponent;
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
  return make(negative, std::move(digits), exponent);
}

Decimal Decimal::from_integer(long long value) {
  const bool negative = value < 0;
  unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(value)
                                          : static_cast<unsigned long long>(value);
  return from_magnitude(negative, magnitude, 0).value();
}

std::string Decimal::to_string() const {
  if (digits_.empty()) return "0";
  std::string out = negative_ ? "-" : "";
  const int length = static_cast<int>(digits_.size());
  if (exponent_ >= 0) {
    out += digits_;
    out.append(static_cast<std::size_t>(exponent_), '0');
  } else if (-exponent_ < length) {
    const auto integer_digits =
        static_cast<std::size_t>(length) - static_cast<std::size_t>(-exponent_);
    out += digits_.substr(0, integer_digits);
    out += '.';
    out += digits_.substr(integer_digits);
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent_ - length), '0');
    out += digits_;
  }
  return out;
}

Result<Decimal> Decimal::plus(const Decimal& other) const {
  if (other.is_zero()) return *this;
  if (is_zero()) return other;
  const int exponent = std::min(exponent_, other.exponent_);
  // Counters and scores: both aligned magnitudes below 10^18 add exactly in 64 bits.
  const std::size_t a_length = digits_.size() + static_cast<std::size_t>(exponent_ - exponent);
  const std::size_t b_length =
      other.digits_.size() + static_cast<std::size_t>(other.exponent_ - exponent);
  if (a_length <= kSmallDigits && b_length <= kSmallDigits) {
    const std::int64_t sum =
        small_value(negative_, digits_, exponent_ - exponent) +
        small_value(other.negative_, other.digits_, other.exponent_ - exponent);
    const std::uint64_t magnitude =
        sum < 0 ? 0ULL - static_cast<std::uint64_t>(sum) : static_cast<std::uint64_t>(sum);
    return from_magnitude(sum < 0, magnitude, exponent);
  }
  std::string a = digits_ + std::string(static_cast<std::size_t>(exponent_ - exponent), '0');
  std::string b =
      other.digits_ + std::string(static_cast<std::size_t>(other.exponent_ - exponent), '0');
  if (negative_ == other.negative_) return make(negative_, add_digits(a, b), exponent);
  const int order = compare_magnitude(a, b);
  if (order == 0) return Decimal();
  return order > 0 ? make(negative_, subtract_digits(a, b), exponent)
                   : make(other.negative_, subtract_digits(b, a), exponent);
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
  const int adjusted = exponent_ + static_cast<int>(digits_.size()) - 1;
  std::uint64_t leading = 0;
  for (std::size_t i = 0; i < 16; ++i)
    leading =
        leading * 10 + (i < digits_.size() ? static_cast<std::uint64_t>(digits_[i] - '0') : 0);
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
  // Same sign, both non-zero: compare magnitudes, then flip for negatives.
  const int adjusted = exponent_ + static_cast<int>(digits_.size());
  const int other_adjusted = other.exponent_ + static_cast<int>(other.digits_.size());
  int magnitude = 0;
  if (adjusted != other_adjusted) {
    magnitude = adjusted < other_adjusted ? -1 : 1;
  } else {
    const int c = digits_.compare(other.digits_);  // same leading position: lexicographic works
    magnitude = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (negative_) magnitude = -magnitude;
  return magnitude < 0
             ? std::strong_ordering::less
             : (magnitude > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

}  // namespace streamlab::dynamodb
