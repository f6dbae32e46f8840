// Comparing the short strings requests are made of — attribute names, #name
// and :value placeholders — inline. std::string's compare calls memcmp for
// every pair; a request's checks compare such pairs dozens of times, each a
// handful of bytes, where the call costs more than the bytes.
#pragma once

#include <algorithm>
#include <cstddef>
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

inline bool equal_short(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.size() > kShortText) return std::memcmp(a.data(), b.data(), a.size()) == 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace streamlab
