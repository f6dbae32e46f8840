// SharedText: an immutable byte string whose copies share one buffer.
//
// DynamoDB string values are copied far more often than they are changed: from
// a request into the item, from the item into each index's view and key, into
// responses, stream records and probes. A long value (an origin such as
// "hello-retail/product-producer-creator/merchant-12/Merchant 12") copied as a
// std::string costs an allocation and a memcpy each time; here a copy adds a
// reference. Texts of up to kInline bytes sit in the object itself, as in
// std::string. Copies compare equal by pointer before any byte is read.
//
// Thread-safety: the reference count is atomic, so copies of one value may
// live on different threads; a single SharedText is not synchronized.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace streamlab {

class SharedText {
 public:
  static constexpr std::size_t kInline = 23;

  SharedText() = default;
  explicit SharedText(std::string_view text);
  SharedText(const SharedText& other);
  SharedText(SharedText&& other) noexcept;
  SharedText& operator=(const SharedText& other);
  SharedText& operator=(SharedText&& other) noexcept;
  ~SharedText() { release(); }

  std::string_view view() const { return {data(), size_}; }
  const char* data() const { return size_ <= kInline ? storage_.bytes : storage_.block->bytes(); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // True when both are copies of one long text (then they are equal).
  bool shares_buffer_with(const SharedText& other) const {
    return size_ > kInline && storage_.block == other.storage_.block;
  }
  bool operator==(const SharedText& other) const {
    return size_ == other.size_ && (shares_buffer_with(other) || view() == other.view());
  }

 private:
  // A long text's bytes follow the header in one allocation.
  struct Block {
    std::atomic<std::uint32_t> references;
    char* bytes() { return reinterpret_cast<char*>(this + 1); }
  };
  void release() noexcept;

  union Storage {
    char bytes[kInline + 1];  // size_ <= kInline (NUL-terminated)
    Block* block;             // otherwise (owned with the other copies)
  };
  Storage storage_{};  // trivially copyable: copied whole, whichever member is in use
  std::uint32_t size_ = 0;
};

}  // namespace streamlab
