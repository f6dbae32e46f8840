#include "harness/json_field.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <nlohmann/json.hpp>

namespace streamlab::harness {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }  // JSON's

// Skips JSON whitespace; returns the new position.
std::size_t skip_space(std::string_view text, std::size_t at) {
  while (at < text.size() && is_space(text[at])) ++at;
  return at;
}

// Whether `quoted` ("\"key\"", at least two bytes) occurs in `text`: a
// 16-byte step looks for its first two bytes together (a quote, then the
// key's first letter, is rare in JSON text) and only those places are
// compared whole. glibc's memmem took four times as many instructions on the
// records a run observes.
bool contains_quoted(std::string_view text, std::string_view quoted) {
  const std::size_t last = text.size() < quoted.size() ? 0 : text.size() - quoted.size() + 1;
  std::size_t at = 0;  // candidates [0, last) start here
  const auto matches = [&](std::size_t i) {
    return std::memcmp(text.data() + i, quoted.data(), quoted.size()) == 0;
  };
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(quoted[0]);
  const __m128i second = _mm_set1_epi8(quoted[1]);
  // Loads at+0..15 and at+1..16: needs at + 17 <= text.size().
  for (; at + 17 <= text.size() && at < last; at += 16) {
    const auto* p = reinterpret_cast<const __m128i*>(text.data() + at);
    const __m128i bytes = _mm_loadu_si128(p);
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at + 1));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(bytes, first), _mm_cmpeq_epi8(next, second))));
    while (mask != 0) {
      const std::size_t i = at + static_cast<std::size_t>(__builtin_ctz(mask));
      if (i < last && matches(i)) return true;
      mask &= mask - 1;
    }
  }
#endif
  for (; at < last; ++at) {
    if (text[at] == quoted[0] && matches(at)) return true;
  }
  return false;
}

enum class Scan { kFound, kAbsent, kUnsure };

// The string value of the key that ends just before `after_key`: kFound with
// it in `value`, or kUnsure when what follows is not `: "…"` without escapes.
// The value ends at the next quote; an escape before it (which could hide a
// quote) leaves it to the parser.
Scan read_string_value(std::string_view text, std::size_t after_key, std::string& value) {
  const std::size_t colon = skip_space(text, after_key);
  if (colon >= text.size() || text[colon] != ':') return Scan::kUnsure;
  const std::size_t start = skip_space(text, colon + 1);
  if (start >= text.size() || text[start] != '"') return Scan::kUnsure;
  const std::string_view rest = text.substr(start + 1);
  const auto* stop = static_cast<const char*>(std::memchr(rest.data(), '"', rest.size()));
  if (stop == nullptr) return Scan::kUnsure;
  const auto length = static_cast<std::size_t>(stop - rest.data());
  if (std::memchr(rest.data(), '\\', length) != nullptr) return Scan::kUnsure;
  value.assign(rest.data(), stop);
  return Scan::kFound;
}

// Which of the 16 bytes at `p` are a quote, one of { } [ ] , or (when
// kEscapes) a backslash: bit i for p[i]. `count` (at most 16) bytes are
// read; the rest count as none.
template <bool kEscapes>
unsigned structural_mask(const char* p, std::size_t count) {
#if defined(__SSE2__)
  char tail[16] = {};
  if (count < 16) {
    std::memcpy(tail, p, count);
    p = tail;
  }
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto is = [&bytes](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
  const __m128i hits =
      _mm_or_si128(_mm_or_si128(_mm_or_si128(is('"'), is(',')), _mm_or_si128(is('{'), is('}'))),
                   _mm_or_si128(_mm_or_si128(is('['), is(']')), is('\\')));
  return static_cast<unsigned>(_mm_movemask_epi8(hits));
#else
  unsigned mask = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = p[i];
    if (c == '"' || c == ',' || c == '{' || c == '}' || c == '[' || c == ']' ||
        (kEscapes && c == '\\'))
      mask |= 1u << i;
  }
  return mask;
#endif
}

// A structural scan of the top-level object, without decoding anything: finds
// the key spelled verbatim with a plain string value. kUnsure when escapes
// (in the key or the value) or a malformed document make a real parser's
// answer necessary. The text is read sixteen bytes at a time and only its
// structural bytes (quotes, backslashes, brackets, commas) are looked at, one
// bit of a block's mask each: stepping through each string was four times
// the instructions on the records a run reads. kEscapes: the text has a
// backslash (one the records a run writes never have, so their scan skips
// the escape handling).
template <bool kEscapes>
Scan scan(std::string_view text, std::string_view key, std::string& value) {
  const std::size_t first = skip_space(text, 0);
  if (first >= text.size() || text[first] != '{') return Scan::kAbsent;
  int depth = 0;
  bool expect_key = false;  // at depth 1, the next string is a key
  bool in_string = false;   // between an opening quote and its closing one
  bool in_key = false;      // that string is a key at depth 1
  bool escaped = false;     // that string holds an escape
  std::size_t opened = 0;   // where the string began (its opening quote)
  std::size_t skip_to = 0;  // a byte before this one is escaped: not structure
  for (std::size_t block = first; block < text.size(); block += 16) {
    unsigned mask = structural_mask<kEscapes>(text.data() + block,
                                              std::min<std::size_t>(16, text.size() - block));
    for (; mask != 0; mask &= mask - 1) {
      const std::size_t at = block + static_cast<std::size_t>(__builtin_ctz(mask));
      const char c = text[at];
      if constexpr (kEscapes) {
        if (at < skip_to) continue;
        if (c == '\\') {  // only inside a string (elsewhere the text is not JSON)
          if (!in_string) return Scan::kUnsure;
          escaped = true;
          skip_to = at + 2;
          continue;
        }
      }
      if (in_string) {
        if (c != '"') continue;  // a bracket or comma inside a string
        in_string = false;
        if (!in_key) continue;
        if (escaped) return Scan::kUnsure;  // a key spelled with escapes
        if (text.substr(opened + 1, at - opened - 1) != key) continue;
        return read_string_value(text, at + 1, value);
      }
      switch (c) {
        case '"':
          in_string = true;
          escaped = false;
          opened = at;
          in_key = depth == 1 && expect_key;
          if (in_key) expect_key = false;
          break;
        case '{':
        case '[':
          ++depth;
          expect_key = c == '{' && depth == 1;
          break;
        case '}':
        case ']':
          if (--depth == 0) return Scan::kAbsent;
          break;
        default:  // a comma
          if (depth == 1) expect_key = true;
      }
    }
  }
  return Scan::kUnsure;  // unterminated
}

#if defined(__SSE2__)
// One pass for the common case, text without backslashes (every record a run
// writes): 64 bytes at a time, masks of the quotes, brackets and the places
// where the quoted key could start; which bytes lie inside strings follows
// from the quotes alone (a running XOR of the quote mask), so only the
// brackets outside strings and the key's candidates are looked at one by one
// — a record has a handful of each. kUnsure (the scan above decides) on a
// backslash or anything unexpected around a candidate.
class BlockMasks {
 public:
  // Bit i for byte i of the 64 at `p`.
  explicit BlockMasks(const char* p, char key_first) {
    for (std::size_t part = 0; part < 4; ++part) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part));
      const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part + 1));
      const auto is = [&bytes](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
      const __m128i quote = is('"');
      const auto bits = [part](__m128i hits) {
        return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hits)))
               << (16 * part);
      };
      quotes |= bits(quote);
      opens |= bits(_mm_or_si128(is('{'), is('[')));
      closes |= bits(_mm_or_si128(is('}'), is(']')));
      backslashes |= bits(is('\\'));
      candidates |= bits(_mm_and_si128(quote, _mm_cmpeq_epi8(next, _mm_set1_epi8(key_first))));
    }
  }
  std::uint64_t quotes = 0, opens = 0, closes = 0, backslashes = 0, candidates = 0;
};

// Bit i set when an odd number of bits 0..i of `bits` are.
std::uint64_t running_xor(std::uint64_t bits) {
  for (int shift = 1; shift < 64; shift *= 2) bits ^= bits << shift;
  return bits;
}

Scan scan_blocks(std::string_view text, std::string_view quoted, std::string& value) {
  const std::size_t first = skip_space(text, 0);
  if (first >= text.size() || text[first] != '{') return Scan::kAbsent;
  int depth = 0;
  std::uint64_t inside = 0;  // all ones when a string is open across the block's start
  char tail[64 + 16] = {};   // the last block, zero-padded (zeros are no structure)
  for (std::size_t block = first; block < text.size(); block += 64) {
    const char* p = text.data() + block;
    if (text.size() - block < 64 + 1) {  // a block reads one byte beyond its 64
      std::memset(tail, 0, sizeof(tail));
      std::memcpy(tail, p, text.size() - block);
      p = tail;
    }
    const BlockMasks masks(p, quoted[1]);
    if (masks.backslashes != 0) return Scan::kUnsure;
    const std::uint64_t in_string = running_xor(masks.quotes) ^ inside;  // opening quotes in
    inside = (in_string >> 63) != 0 ? ~std::uint64_t{0} : 0;
    // Opening quotes only: a closing one is outside by the running XOR.
    std::uint64_t events =
        ((masks.opens | masks.closes) & ~in_string) | (masks.candidates & in_string);
    for (; events != 0; events &= events - 1) {
      const auto bit = static_cast<unsigned>(__builtin_ctzll(events));
      const std::uint64_t one = std::uint64_t{1} << bit;
      if (masks.opens & one) {
        ++depth;
        continue;
      }
      if (masks.closes & one) {
        if (--depth == 0) return Scan::kAbsent;
        continue;
      }
      const std::size_t at = block + bit;
      if (depth != 1 || text.size() - at < quoted.size() ||
          std::memcmp(text.data() + at, quoted.data(), quoted.size()) != 0)
        continue;
      // A key follows the object's opening brace or a comma.
      std::size_t before = at;
      while (before > first && is_space(text[before - 1])) --before;
      const char previous = text[before - 1];
      if (previous != '{' && previous != ',') continue;  // a string value spelled like the key
      return read_string_value(text, at + quoted.size(), value);
    }
  }
  return Scan::kUnsure;  // unterminated
}
#endif

// A SAX consumer that only tracks depth and the last top-level key; it
// returns false (stop) once the wanted field's value was seen.
class FieldFinder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit FieldFinder(std::string_view key) : key_(key) {}

  std::optional<std::string> found;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t& text) override {
    if (wanted()) {
      found = std::move(text);
      return false;
    }
    return value();
  }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool key(string_t& text) override {
    if (depth_ == 1) at_key_ = text == key_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool wanted() const { return depth_ == 1 && at_key_; }
  // A top-level value other than a string: the field has another type, stop.
  bool value() { return !wanted(); }
  bool open(bool object) {
    if (depth_ == 0 && !object) return false;  // the document is not an object
    if (wanted()) return false;
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return depth_ > 0;
  }

  std::string_view key_;
  int depth_ = 0;
  bool at_key_ = false;
};

}  // namespace

bool top_level_string_into(std::string_view text, std::string_view key, std::string& value) {
  // A key is spelled verbatim between quotes or with escapes: text with
  // neither has no such field (half the records a run observes, producers'
  // records, carry no eventId), which a vectorized search tells sooner.
  std::string quoted;
  quoted.reserve(key.size() + 2);
  quoted.append(1, '"').append(key).append(1, '"');
#if defined(__SSE2__)
  switch (key.empty() ? Scan::kUnsure : scan_blocks(text, quoted, value)) {
    case Scan::kFound:
      return true;
    case Scan::kAbsent:
      return false;
    case Scan::kUnsure:
      break;  // a backslash, or text the scans below and the parser decide
  }
#endif
  const bool plain = std::memchr(text.data(), '\\', text.size()) == nullptr;
  if (plain && !contains_quoted(text, quoted)) return false;
  switch (plain ? scan<false>(text, key, value) : scan<true>(text, key, value)) {
    case Scan::kFound:
      return true;
    case Scan::kAbsent:
      return false;
    case Scan::kUnsure:
      break;
  }
  FieldFinder finder(key);
  nlohmann::json::sax_parse(text, &finder, nlohmann::json::input_format_t::json, false);
  if (!finder.found) return false;
  value = std::move(*finder.found);
  return true;
}

std::optional<std::string> top_level_string(std::string_view text, std::string_view key) {
  std::string value;
  if (!top_level_string_into(text, key, value)) return std::nullopt;
  return value;
}

}  // namespace streamlab::harness
