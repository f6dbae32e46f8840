#include "harness/json_field.h"

#include <nlohmann/json.hpp>

namespace streamlab::harness {
namespace {

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

std::optional<std::string> top_level_string(std::string_view text, std::string_view key) {
  // Most records never name the key: skip the parse unless the quoted key
  // appears verbatim, or the text has escapes (a key may be spelled with \u).
  const std::string quoted = "\"" + std::string(key) + "\"";
  if (text.find(quoted) == std::string_view::npos && text.find('\\') == std::string_view::npos)
    return std::nullopt;
  FieldFinder finder(key);
  if (text.empty() || text.front() != '{') {
    // Leading whitespace is allowed JSON; anything else is not an object.
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') return std::nullopt;
  }
  nlohmann::json::sax_parse(text, &finder, nlohmann::json::input_format_t::json, false);
  return std::move(finder.found);
}

}  // namespace streamlab::harness
