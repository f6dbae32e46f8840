// SharedBytes: immutable bytes that live elsewhere, kept alive by a shared
// owner — a Kinesis record's data, which a shard log packs into chunks, handed
// to every event that carries it without copying (a mapping's batch is
// hundreds of records; copying each cost an allocation and its bytes).
// Assigning a string makes an own copy (tests, records built from JSON).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace streamlab {

class SharedBytes {
 public:
  SharedBytes() = default;
  // `bytes` stay valid while `owner` lives.
  SharedBytes(std::string_view bytes, std::shared_ptr<const void> owner)
      : view_(bytes), owner_(std::move(owner)) {}
  // An own copy of `text` (implicit: any string may stand for record data).
  SharedBytes(std::string text) { *this = std::move(text); }  // NOLINT(google-explicit-constructor)
  SharedBytes& operator=(std::string text) {
    auto own = std::make_shared<const std::string>(std::move(text));
    view_ = *own;
    owner_ = std::move(own);
    return *this;
  }

  std::string_view view() const { return view_; }
  operator std::string_view() const { return view_; }  // NOLINT(google-explicit-constructor)
  const char* data() const { return view_.data(); }
  std::size_t size() const { return view_.size(); }
  bool empty() const { return view_.empty(); }

  friend bool operator==(const SharedBytes& a, std::string_view b) { return a.view_ == b; }

 private:
  std::string_view view_;
  std::shared_ptr<const void> owner_;
};

}  // namespace streamlab
