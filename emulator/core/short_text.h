// Comparing the short strings requests are made of — attribute names, #name
// and :value placeholders — inline. std::string's compare calls memcmp for
// every pair; a request's checks compare such pairs dozens of times, each a
// handful of bytes, where the call costs more than the bytes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace streamlab {

inline constexpr std::size_t kShortText = 16;  // longer texts go to memcmp

// As std::string_view::compare (bytes compare unsigned): <0, 0 or >0.
inline int compare_short(std::string_view a, std::string_view b) {
  const std::size_t common = std::min(a.size(), b.size());
  if (common > kShortText) {
    if (const int c = std::memcmp(a.data(), b.data(), common); c != 0) return c;
  } else {
    for (std::size_t i = 0; i < common; ++i) {
      const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
      if (x != y) return x < y ? -1 : 1;
    }
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

namespace short_text_detail {
inline std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline std::uint32_t load32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
}  // namespace short_text_detail

// Equality reads words, not bytes: two to four overlapping 8-byte loads for
// 8 to 32 bytes (names such as "photographerScore" included), two 4-byte
// loads for 4 to 7.
inline bool equal_short(std::string_view a, std::string_view b) {
  using short_text_detail::load32;
  using short_text_detail::load64;
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n > 2 * kShortText) return std::memcmp(x, y, n) == 0;
  if (n > kShortText) {
    return load64(x) == load64(y) && load64(x + 8) == load64(y + 8) &&
           load64(x + n - 16) == load64(y + n - 16) && load64(x + n - 8) == load64(y + n - 8);
  }
  if (n >= 8) return load64(x) == load64(y) && load64(x + n - 8) == load64(y + n - 8);
  if (n >= 4) return load32(x) == load32(y) && load32(x + n - 4) == load32(y + n - 4);
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

}  // namespace streamlab
