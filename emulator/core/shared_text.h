// SharedText: an immutable byte string whose copies share one buffer.
//
// DynamoDB string values are copied far more often than they are changed: from
// a request into the item, from the item into each index's view and key, into
// responses, stream records and probes. A long value (an origin such as
// "hello-retail/product-producer-creator/merchant-12/Merchant 12") copied as a
// std::string costs an allocation and a memcpy each time; here a copy adds a
// reference. Texts of up to kInline bytes sit in the object itself, as in
// std::string (not NUL-terminated). Copies compare equal by pointer before any byte is read.
//
// Thread-safety: the reference count is atomic, so copies of one value may
// live on different threads; a single SharedText is not synchronized.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace streamlab {

class SharedText {
 public:
  static constexpr std::size_t kInline = 22;

  SharedText() = default;
  explicit SharedText(std::string_view text);
  // Inline, as the destructor is: values are moved and copied on every write,
  // and most are short (nothing to count) — a call each cost more than that.
  SharedText(const SharedText& other) : tag_(other.tag_) {
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);
    if (!is_inline()) block()->references.fetch_add(1, std::memory_order_relaxed);
  }
  SharedText(SharedText&& other) noexcept : tag_(other.tag_) {
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);  // the bytes, or the block
    other.tag_ = 0;
  }
  SharedText& operator=(const SharedText& other);
  SharedText& operator=(SharedText&& other) noexcept;
  ~SharedText() { release(); }

  std::string_view view() const { return {data(), size()}; }
  const char* data() const { return is_inline() ? bytes_ : block()->bytes(); }
  std::size_t size() const { return is_inline() ? tag_ : long_size(); }
  bool empty() const { return tag_ == 0; }

  // True when both are copies of one long text (then they are equal).
  bool shares_buffer_with(const SharedText& other) const {
    return !is_inline() && !other.is_inline() && block() == other.block();
  }
  bool operator==(const SharedText& other) const {
    return shares_buffer_with(other) || view() == other.view();
  }

 private:
  // A long text's bytes follow the header in one allocation.
  struct Block {
    std::atomic<std::uint32_t> references;
    char* bytes() { return reinterpret_cast<char*>(this + 1); }
  };
  static constexpr std::uint8_t kLong = 0xff;
  static constexpr std::size_t kPointerBytes = sizeof(void*);  // a Block*
  bool is_inline() const { return tag_ != kLong; }
  // A long text keeps its block pointer and size in bytes_ (copied in and
  // out: bytes_ has no alignment), so the object is 24 bytes and an
  // attribute value holding it 32.
  Block* block() const {
    Block* block;
    std::memcpy(&block, bytes_, kPointerBytes);
    return block;
  }
  std::size_t long_size() const {
    std::uint32_t size;
    std::memcpy(&size, bytes_ + kPointerBytes, sizeof size);
    return size;
  }
  void release() noexcept {
    if (!is_inline()) release_block();
  }
  void release_block() noexcept;  // drops a long text's reference

  char bytes_[kInline + 1] = {};  // the text (size tag_), or the block and size
  std::uint8_t tag_ = 0;          // the inline size, or kLong
};

}  // namespace streamlab
