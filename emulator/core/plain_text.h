// The length of the run of "plain" bytes that starts a text: printable ASCII
// other than '"' and '\\' — the bytes every JSON string scanner here copies or
// skips without a second look. Scanners call it before their byte-by-byte
// handling of quotes, escapes, control characters and UTF-8 sequences, so the
// common case (identifiers, timestamps, names) is read sixteen bytes at a
// time (SSE2, part of every x86-64), then eight.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace streamlab {

inline std::size_t plain_ascii_run(const char* begin, const char* end) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const char* p = begin;
#if defined(__SSE2__)
  // A signed compare flags both kinds of byte outside printable ASCII: those
  // below 0x20 and those from 0x80 up (negative as signed bytes).
  const __m128i kSpace = _mm_set1_epi8(0x20);
  const __m128i kQuote = _mm_set1_epi8('"');
  const __m128i kBackslash = _mm_set1_epi8('\\');
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i stops = _mm_or_si128(
        _mm_cmplt_epi8(bytes, kSpace),
        _mm_or_si128(_mm_cmpeq_epi8(bytes, kQuote), _mm_cmpeq_epi8(bytes, kBackslash)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stops));
    if (mask != 0)
      return static_cast<std::size_t>(p - begin) + static_cast<std::size_t>(__builtin_ctz(mask));
    p += 16;
  }
#endif
  // Per 8-byte word, a flag (0x80) on each byte that is not plain. Each test
  // may also flag bytes *after* a flagged one (a borrow runs upward), never
  // one before it, so the lowest flag is exact — and only it is used.
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);  // little-endian: the first byte is the lowest
    const std::uint64_t quote = word ^ (kOnes * '"');
    const std::uint64_t backslash = word ^ (kOnes * '\\');
    const std::uint64_t flags = (word | ((word - kOnes * 0x20) & ~word) |
                                 ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash)) &
                                kHigh;
    if (flags != 0) {
      static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the flag order assumes it");
      return static_cast<std::size_t>(p - begin) +
             static_cast<std::size_t>(__builtin_ctzll(flags) / 8);
    }
    p += 8;
  }
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    ++p;
  }
  return static_cast<std::size_t>(p - begin);
}

}  // namespace streamlab
