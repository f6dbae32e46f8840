#include "emulator/functions/compact_json.h"

#include <boost/container/small_vector.hpp>
#include <cstring>

#include "emulator/core/plain_text.h"

namespace streamlab::functions {

namespace {

bool needs_escape(char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }

}  // namespace

void append_json_chars(std::string& out, std::string_view text) {
  std::size_t run = 0;  // start of the bytes not yet appended, copied in one go
  for (std::size_t i = 0; i < text.size(); ++i) {
    i += plain_ascii_run(text.data() + i, text.data() + text.size());
    if (i == text.size()) break;
    const char c = text[i];
    if (!needs_escape(c)) continue;
    out.append(text, run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {  // the other control characters
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[(c >> 4) & 0xf];
        out += kHex[c & 0xf];
      }
    }
  }
  out.append(text, run);
}

void append_json_string(std::string& out, std::string_view text) {
  // Most texts need no escape and are short: quotes and bytes in one append
  // (each std::string append of a char is a call).
  constexpr std::size_t kQuick = 126;
  if (text.size() <= kQuick &&
      plain_ascii_run(text.data(), text.data() + text.size()) == text.size()) {
    char quoted[kQuick + 2];
    quoted[0] = '"';
    std::memcpy(quoted + 1, text.data(), text.size());
    quoted[text.size() + 1] = '"';
    out.append(quoted, text.size() + 2);
    return;
  }
  out += '"';
  append_json_chars(out, text);
  out += '"';
}

namespace {

constexpr int kMaxDepth = 64;            // deeper documents take the general path
constexpr std::size_t kMaxMembers = 64;  // so the duplicate-name check stays cheap

// Scratch for an object's members, on the stack for the objects a record has
// (a transform runs once per forwarded record: no allocation but its output).
template <typename T>
using MemberList = boost::container::small_vector<T, 16>;

// Length of the UTF-8 sequence at p (RFC 3629, the ranges nlohmann's lexer
// accepts), 0 when it is not one.
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
  const auto in = [&](std::size_t i, unsigned lo, unsigned hi) {
    return p + i < end && p[i] >= lo && p[i] <= hi;
  };
  const unsigned c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
    return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3)
    return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  return utf8_sequence(p, p + text.size());
}

std::size_t exact_integer_length(std::string_view text) {
  std::size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  const bool negative = i == 1;
  const std::size_t first = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  const std::string_view digits = text.substr(first, i - first);
  if (digits.empty() || (digits[0] == '0' && (digits.size() > 1 || negative))) return 0;
  const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
  if (digits.size() > limit.size() || (digits.size() == limit.size() && digits > limit)) return 0;
  if (i < text.size() && (text[i] == '.' || text[i] == 'e' || text[i] == 'E')) return 0;
  return i;
}

namespace {

bool valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    p += plain_ascii_run(reinterpret_cast<const char*>(p), reinterpret_cast<const char*>(end));
    if (p == end) break;
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const std::size_t n = utf8_sequence(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

// Accepts exactly the JSON text dump() writes for the value it would parse
// to: dump(parse(text)) == text. Anything else is rejected, never repaired.
class CompactScanner {
 public:
  explicit CompactScanner(std::string_view text)
      : p_(reinterpret_cast<const unsigned char*>(text.data())), end_(p_ + text.size()) {}

  const char* position() const { return reinterpret_cast<const char*>(p_); }
  bool at_end() const { return p_ == end_; }
  bool consume(char c) {
    if (p_ == end_ || *p_ != static_cast<unsigned char>(c)) return false;
    ++p_;
    return true;
  }

  // A string; `inner` gets the text between the quotes.
  bool string(std::string_view& inner) {
    if (!consume('"')) return false;
    const auto* start = p_;
    while (p_ < end_) {
      p_ += plain_ascii_run(reinterpret_cast<const char*>(p_), reinterpret_cast<const char*>(end_));
      if (p_ == end_) break;
      const unsigned char c = *p_;
      if (c == '"') {
        inner = std::string_view(reinterpret_cast<const char*>(start),
                                 static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c == '\\') {
        const std::size_t n = escape_length();
        if (n == 0) return false;
        p_ += n;
        continue;
      }
      if (c < 0x20) return false;
      const std::size_t n = utf8_sequence(p_, end_);
      if (n == 0) return false;
      p_ += n;
    }
    return false;
  }

  bool value(int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return object(depth + 1, nullptr);
      case '[':
        return array(depth + 1);
      case '"': {
        std::string_view ignored;
        return string(ignored);
      }
      case 't':
        return word("true");
      case 'f':
        return word("false");
      case 'n':
        return word("null");
      default:
        return integer();
    }
  }

  struct Member {
    std::string_view name;  // as written (escapes are canonical, so equal text = equal name)
    std::string_view value;
  };

  // An object; its members go to `members` when given.
  bool object(int depth, MemberList<Member>* members) {
    if (depth > kMaxDepth || !consume('{')) return false;
    if (consume('}')) return true;
    MemberList<std::string_view> local;
    for (;;) {
      std::string_view name;
      if (!string(name) || !consume(':')) return false;
      const char* value_start = position();
      if (!value(depth)) return false;
      const std::size_t count = members ? members->size() : local.size();
      if (count >= kMaxMembers) return false;
      for (std::size_t i = 0; i < count; ++i) {
        // A repeated name: parse keeps the first place and the last value.
        if ((members ? (*members)[i].name : local[i]) == name) return false;
      }
      if (members) {
        members->push_back({name, std::string_view(value_start, static_cast<std::size_t>(
                                                                    position() - value_start))});
      } else {
        local.push_back(name);
      }
      if (consume('}')) return true;
      if (!consume(',')) return false;
    }
  }

 private:
  // The length of the escape at p_ when it is one dump() writes: \" \\ \b \f
  // \n \r \t, and \u00xx (lowercase) for the other control characters; 0
  // otherwise (\/ or \u0041 read back as something dump() writes differently).
  std::size_t escape_length() const {
    if (end_ - p_ < 2) return 0;
    switch (p_[1]) {
      case '"':
      case '\\':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return 2;
      case 'u':
        break;
      default:
        return 0;
    }
    if (end_ - p_ < 6 || p_[2] != '0' || p_[3] != '0') return 0;
    const auto hex = [](unsigned char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int high = hex(p_[4]);
    const int low = hex(p_[5]);
    if (high < 0 || high > 1 || low < 0) return 0;
    const int code = high * 16 + low;
    const bool has_short_form =
        code == 0x08 || code == 0x09 || code == 0x0A || code == 0x0C || code == 0x0D;
    return has_short_form ? 0 : 6;
  }

  bool array(int depth) {
    if (depth > kMaxDepth || !consume('[')) return false;
    if (consume(']')) return true;
    for (;;) {
      if (!value(depth)) return false;
      if (consume(']')) return true;
      if (!consume(',')) return false;
    }
  }

  bool word(std::string_view text) {
    if (static_cast<std::size_t>(end_ - p_) < text.size() ||
        std::string_view(reinterpret_cast<const char*>(p_), text.size()) != text)
      return false;
    p_ += text.size();
    return true;
  }

  bool integer() {
    const std::size_t n = exact_integer_length(
        std::string_view(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(end_ - p_)));
    p_ += n;
    return n > 0;
  }

  const unsigned char* p_;
  const unsigned char* end_;
};

// Printable ASCII without quotes or backslashes: written as it is.
bool plain_name(std::string_view name) {
  return plain_ascii_run(name.data(), name.data() + name.size()) == name.size();
}

}  // namespace

std::optional<std::string> set_top_level_strings(
    std::string_view document,
    std::span<const std::pair<std::string_view, std::string_view>> fields) {
  // Which values are plain (written between quotes as they are): most are,
  // and then neither the UTF-8 check nor the escaping has to read them again.
  MemberList<bool> plain(fields.size(), false);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view value = fields[i].second;
    plain[i] = plain_ascii_run(value.data(), value.data() + value.size()) == value.size();
    if (!plain_name(fields[i].first) || (!plain[i] && !valid_utf8(value))) return std::nullopt;
    for (std::size_t j = 0; j < i; ++j) {
      if (fields[j].first == fields[i].first) return std::nullopt;
    }
  }
  CompactScanner scanner(document);
  MemberList<CompactScanner::Member> members;
  if (!scanner.object(1, &members) || !scanner.at_end()) return std::nullopt;

  std::string out;
  std::size_t extra = 0;
  for (const auto& [name, value] : fields) extra += name.size() + value.size() + 8;
  out.reserve(document.size() + extra);
  const auto append_value = [&](std::size_t field) {
    const std::string_view value = fields[field].second;
    if (!plain[field]) {
      append_json_string(out, value);
      return;
    }
    out += '"';
    out += value;
    out += '"';
  };
  // The document is compact, so the output is the document itself with the
  // values of the fields it has replaced, copied in the spans between them,
  // and then the other fields before its closing brace.
  MemberList<bool> placed(fields.size(), false);
  std::size_t copied = 0;  // document[0, copied) is in `out`
  for (const auto& member : members) {
    std::size_t field = 0;
    while (field < fields.size() && fields[field].first != member.name) ++field;
    if (field == fields.size()) continue;
    const auto value_at = static_cast<std::size_t>(member.value.data() - document.data());
    out.append(document, copied, value_at - copied);
    append_value(field);
    copied = value_at + member.value.size();
    placed[field] = true;
  }
  out.append(document, copied, document.size() - 1 - copied);  // all but the closing brace
  bool first = members.empty();
  for (std::size_t field = 0; field < fields.size(); ++field) {
    if (placed[field]) continue;
    // `,"name":` in one append when the name is short (names are plain).
    const std::string_view name = fields[field].first;
    constexpr std::size_t kQuick = 60;
    if (name.size() <= kQuick) {
      char text[kQuick + 4];
      std::size_t length = 0;
      if (!first) text[length++] = ',';
      text[length++] = '"';
      std::memcpy(text + length, name.data(), name.size());
      length += name.size();
      text[length++] = '"';
      text[length++] = ':';
      out.append(text, length);
    } else {
      if (!first) out += ',';
      out += '"';
      out += name;
      out += "\":";
    }
    first = false;
    append_value(field);
  }
  out += '}';
  return out;
}

}  // namespace streamlab::functions
