// Attribute names, interned: every item and map that holds a name holds a
// pointer to one shared copy of it. An item's entry is then a name pointer and
// a value (40 bytes, not 64 with a std::string), the names a lookup compares
// are the few hot copies every item shares rather than each item's own (long
// ones out of line, cold), and copying an item copies no name bytes. Parsed
// expressions, ExpressionAttributeNames and key schemas hold interned names
// too, so a request's lookups in an item compare pointers (find_name).
//
// Interned names live as long as the process: a workload's names are few (a
// table's attributes, a map's keys). A program that invents names without
// bound grows the table by about 80 bytes for each new one. Interning is
// thread-safe (explore runs simulations side by side): one locked table,
// and in front of it a small per-thread cache of the names seen last.
#pragma once

#include <compare>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "emulator/core/short_text.h"

namespace streamlab::dynamodb {

class AttributeName {
 public:
  AttributeName();  // ""
  // Implicit: names are spelled as strings everywhere (requests, expressions).
  AttributeName(std::string_view name);  // NOLINT(google-explicit-constructor)
  AttributeName(const std::string& name) : AttributeName(std::string_view(name)) {}  // NOLINT
  AttributeName(const char* name) : AttributeName(std::string_view(name)) {}         // NOLINT

  const std::string& str() const { return *text_; }
  operator const std::string&() const { return *text_; }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return *text_; }    // NOLINT(google-explicit-constructor)
  std::string_view view() const { return *text_; }
  const char* data() const { return text_->data(); }
  const char* c_str() const { return text_->c_str(); }
  std::size_t size() const { return text_->size(); }
  bool empty() const { return text_->empty(); }
  char operator[](std::size_t i) const { return (*text_)[i]; }

  // Interned: equal names are the same copy.
  friend bool operator==(const AttributeName& a, const AttributeName& b) {
    return a.text_ == b.text_;
  }
  friend bool operator==(const AttributeName& a, std::string_view b) {
    return equal_short(*a.text_, b);
  }
  friend bool operator==(const AttributeName& a, const std::string& b) {
    return equal_short(*a.text_, b);
  }
  friend bool operator==(const AttributeName& a, const char* b) { return equal_short(*a.text_, b); }
  friend std::strong_ordering operator<=>(const AttributeName& a, const AttributeName& b) {
    return order(compare_short(*a.text_, *b.text_));
  }
  friend std::strong_ordering operator<=>(const AttributeName& a, std::string_view b) {
    return order(compare_short(*a.text_, b));
  }
  friend std::strong_ordering operator<=>(const AttributeName& a, const std::string& b) {
    return order(compare_short(*a.text_, b));
  }
  friend std::strong_ordering operator<=>(const AttributeName& a, const char* b) {
    return order(compare_short(*a.text_, b));
  }

 private:
  static std::strong_ordering order(int c) {
    return c < 0 ? std::strong_ordering::less
                 : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
  }
  const std::string* text_;  // interned, never freed
};

// Names go into messages as strings do.
inline std::string operator+(std::string text, const AttributeName& name) {
  return std::move(text) += name.view();
}
inline std::string operator+(const char* text, const AttributeName& name) {
  return std::string(text) + name;
}
inline std::string operator+(const AttributeName& name, std::string_view text) {
  return std::string(name.view()) += text;
}

}  // namespace streamlab::dynamodb
