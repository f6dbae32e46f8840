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
  size_ = static_cast<std::uint32_t>(text.size());
  if (size_ <= kInline) {
    std::memcpy(storage_.bytes, text.data(), text.size());
    storage_.bytes[size_] = '\0';
    return;
  }
  char* memory = std::allocator<char>().allocate(sizeof(Block) + text.size());
  storage_.block = new (memory) Block{{1}};
  std::memcpy(storage_.block->bytes(), text.data(), text.size());
}

SharedText::SharedText(const SharedText& other) : storage_(other.storage_), size_(other.size_) {
  if (size_ > kInline) storage_.block->references.fetch_add(1, std::memory_order_relaxed);
}

SharedText::SharedText(SharedText&& other) noexcept
    : storage_(other.storage_), size_(other.size_) {  // the bytes, or the block
  other.storage_ = Storage{};
  other.size_ = 0;
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
    storage_ = other.storage_;
    size_ = other.size_;
    other.storage_ = Storage{};
    other.size_ = 0;
  }
  return *this;
}

void SharedText::release() noexcept {
  if (size_ <= kInline) return;
  Block* block = storage_.block;
  if (block->references.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    block->~Block();
    std::allocator<char>().deallocate(reinterpret_cast<char*>(block), sizeof(Block) + size_);
  }
}

}  // namespace streamlab
