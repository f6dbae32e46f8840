#include "emulator/core/time.h"

#include <cstdio>
#include <string_view>

namespace streamlab {
namespace {

struct CivilTime {
  std::int64_t year;
  unsigned month, day, hour, minute, second;
  std::int64_t micros;
};

// Howard Hinnant's days_from_civil inverse: exact for the proleptic Gregorian calendar.
CivilTime to_civil(TimePoint t) {
  std::int64_t us = to_unix_micros(t);
  std::int64_t days = us / 86'400'000'000;
  std::int64_t rem = us % 86'400'000'000;
  if (rem < 0) {
    rem += 86'400'000'000;
    --days;
  }
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  CivilTime c{};
  c.year = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  c.month = m;
  c.day = d;
  const auto secs = static_cast<unsigned>(rem / 1'000'000);
  c.hour = secs / 3600;
  c.minute = secs / 60 % 60;
  c.second = secs % 60;
  c.micros = rem % 1'000'000;
  return c;
}

// Writes `value` as exactly `digits` decimal digits (zero-padded) at `out`.
void write_digits(char* out, std::uint64_t value, int digits) {
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

// Hand-formatted (every egress record carries two of these): the same text as
// "%04lld-%02u-%02uT%02u:%02u:%02u.%03lldZ" for years 0–9999.
void append_iso8601_millis(std::string& out, TimePoint t) {
  const CivilTime c = to_civil(t);
  if (c.year < 0 || c.year > 9999) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03lldZ",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second,
                  static_cast<long long>(c.micros / 1000));
    out += buf;
    return;
  }
  constexpr std::string_view kPattern = "0000-00-00T00:00:00.000Z";
  const std::size_t at = out.size();
  out += kPattern;
  char* text = out.data() + at;
  write_digits(text, static_cast<std::uint64_t>(c.year), 4);
  write_digits(text + 5, c.month, 2);
  write_digits(text + 8, c.day, 2);
  write_digits(text + 11, c.hour, 2);
  write_digits(text + 14, c.minute, 2);
  write_digits(text + 17, c.second, 2);
  write_digits(text + 20, static_cast<std::uint64_t>(c.micros / 1000), 3);
}

std::string format_iso8601_millis(TimePoint t) {
  std::string out;
  append_iso8601_millis(out, t);
  return out;
}

std::string format_iso8601_micros(TimePoint t) {
  const CivilTime c = to_civil(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%06lldZ",
                static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second,
                static_cast<long long>(c.micros));
  return buf;
}

}  // namespace streamlab
