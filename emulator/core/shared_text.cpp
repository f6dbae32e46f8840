#include "emulator/core/shared_text.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>

namespace streamlab {

SharedText::SharedText(std::string_view text) {
  if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
    // Far beyond anything a request may carry (DynamoDB items are ≤ 400 KB).
    std::fprintf(stderr, "streamlab bug: a %zu-byte text\n", text.size());
    std::abort();
  }
  if (text.size() <= kInline) {
    std::memcpy(bytes_, text.data(), text.size());
    tag_ = static_cast<std::uint8_t>(text.size());
    return;
  }
  char* memory = std::allocator<char>().allocate(sizeof(Block) + text.size());
  Block* block = new (memory) Block{{1}};
  std::memcpy(block->bytes(), text.data(), text.size());
  const auto size = static_cast<std::uint32_t>(text.size());
  std::memcpy(bytes_, &block, kPointerBytes);
  std::memcpy(bytes_ + kPointerBytes, &size, sizeof size);
  tag_ = kLong;
}

SharedText& SharedText::operator=(const SharedText& other) {
  if (this != &other) {
    SharedText copy(other);
    *this = std::move(copy);
  }
  return *this;
}

SharedText& SharedText::operator=(SharedText&& other) noexcept {
  if (this != &other) {
    release();
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);
    tag_ = other.tag_;
    other.tag_ = 0;
  }
  return *this;
}

void SharedText::release_block() noexcept {
  Block* const block = this->block();
  if (block->references.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    const std::size_t size = long_size();
    block->~Block();
    std::allocator<char>().deallocate(reinterpret_cast<char*>(block), sizeof(Block) + size);
  }
}

}  // namespace streamlab
