// The length of the run of "plain" bytes that starts a text: printable ASCII
// other than '"' and '\\' — the bytes every JSON string scanner here copies or
// skips without a second look. Scanners call it before their byte-by-byte
// handling of quotes, escapes, control characters and UTF-8 sequences, so the
// common case (identifiers, timestamps, names) is read sixteen bytes at a
// time (SSE2, part of every x86-64) or, in a shorter text, eight; the tail is
// one more load that overlaps what was read, not a step per byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace streamlab {

namespace plain_text_detail {

// Per 8-byte word, a flag (0x80) on each byte that is not plain. Each test
// may also flag bytes *after* a flagged one (a borrow runs upward), never
// one before it, so the lowest flag is exact — and only it is used. A plain
// byte borrows nothing, so flags above plain bytes are exact too.
inline std::uint64_t word_stops(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const std::uint64_t quote = word ^ (kOnes * '"');
  const std::uint64_t backslash = word ^ (kOnes * '\\');
  return (word | ((word - kOnes * 0x20) & ~word) | ((quote - kOnes) & ~quote) |
          ((backslash - kOnes) & ~backslash)) &
         kHigh;
}

inline std::uint64_t load_word(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, 8);  // little-endian: the first byte is the lowest
  return word;
}

#if defined(__SSE2__)
// Bit i set when p[i] is not plain. A signed compare flags both kinds of byte
// outside printable ASCII: those below 0x20 and those from 0x80 up (negative
// as signed bytes).
inline unsigned block_stops(const char* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i stops = _mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)),
                                     _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                  _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(stops));
}
#endif

}  // namespace plain_text_detail

inline std::size_t plain_ascii_run(const char* begin, const char* end) {
  using plain_text_detail::load_word;
  using plain_text_detail::word_stops;
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the flag order assumes it");
  const auto size = static_cast<std::size_t>(end - begin);
  const char* p = begin;
#if defined(__SSE2__)
  using plain_text_detail::block_stops;
  for (; end - p >= 16; p += 16) {
    if (const unsigned mask = block_stops(p); mask != 0)
      return static_cast<std::size_t>(p - begin) + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  if (p == end) return size;
  if (size >= 16) {
    // The last sixteen bytes, overlapping those already read (their bits
    // are dropped): no word or byte steps for the tail.
    const char* last = end - 16;
    const unsigned mask = block_stops(last) >> (p - last);
    return mask != 0
               ? static_cast<std::size_t>(p - begin) + static_cast<std::size_t>(__builtin_ctz(mask))
               : size;
  }
#endif
  // A word, then the last word overlapping it (bytes already read dropped).
  for (; end - p >= 8; p += 8) {
    if (const std::uint64_t flags = word_stops(load_word(p)); flags != 0)
      return static_cast<std::size_t>(p - begin) +
             static_cast<std::size_t>(__builtin_ctzll(flags) / 8);
  }
  if (p == end) return size;
  if (size >= 8) {
    const char* last = end - 8;
    const std::uint64_t flags = word_stops(load_word(last)) >> (8 * (p - last));
    return flags != 0 ? static_cast<std::size_t>(p - begin) +
                            static_cast<std::size_t>(__builtin_ctzll(flags) / 8)
                      : size;
  }
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    ++p;
  }
  return static_cast<std::size_t>(p - begin);
}

}  // namespace streamlab
