#include "tools/allocator/small_blocks.h"

#include <jemalloc/jemalloc.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>

#include "tools/allocator/region_allocator.h"

namespace streamlab::allocator {
namespace {

using small_blocks_internal::cache;
using small_blocks_internal::class_bytes;
using small_blocks_internal::class_of;
using small_blocks_internal::FreeBlock;
using small_blocks_internal::kChunkBytes;
using small_blocks_internal::kind_at;
using small_blocks_internal::kKinds;
using small_blocks_internal::List;
using small_blocks_internal::region_of;

// A refill from the shared pool takes at most kBatch blocks.
constexpr std::uint32_t kBatch = 256;

struct SharedList {
  std::mutex mutex;
  List list;
};
SharedList shared[kKinds];

// Moves `count` blocks starting at `first` (a chain) to the shared list.
void give(unsigned kind, FreeBlock* first, std::uint32_t count) {
  if (count == 0) return;
  FreeBlock* last = first;
  for (std::uint32_t i = 1; i < count; ++i) last = last->next;
  SharedList& target = shared[kind];
  const std::lock_guard<std::mutex> lock(target.mutex);
  last->next = target.list.head;
  target.list.head = first;
  target.list.count += count;
}

// At thread end, the thread's lists go to the shared pool.
struct Flusher {
  Flusher() = default;
  Flusher(const Flusher&) = delete;
  Flusher& operator=(const Flusher&) = delete;
  ~Flusher() {
    cache.ready = false;
    cache.ended = true;
    for (unsigned kind = 0; kind < kKinds; ++kind) {
      give(kind, cache.lists[kind].head, cache.lists[kind].count);
      cache.lists[kind] = List{};
      cache.carve_next[kind] = cache.carve_end[kind] = nullptr;
    }
  }
};

// Before a thread first keeps a block: its Flusher. False once it has ended.
bool make_ready() {
  if (cache.ended) return false;
  thread_local Flusher flusher;  // constructed (and its destructor registered) here
  (void)flusher;
  cache.ready = true;
  return true;
}

}  // namespace

// Half of a list that grew past its bound goes to the shared pool.
void small_blocks_internal::spill(unsigned kind) noexcept {
  List& list = cache.lists[kind];
  const std::uint32_t keep = list.count / 2;
  FreeBlock* last_kept = list.head;
  for (std::uint32_t i = 1; i < keep; ++i) last_kept = last_kept->next;
  FreeBlock* moved = last_kept->next;
  last_kept->next = nullptr;
  give(kind, moved, list.count - keep);
  list.count = keep;
}

// An empty list and nothing left to carve: blocks from the shared pool, or a
// new chunk.
void* small_blocks_internal::refill(std::size_t region, std::size_t klass) noexcept {
  if (!cache.ready && !make_ready()) return nullptr;  // the thread is ending: jemalloc serves it
  const unsigned kind = kind_of(region, klass);
  List& list = cache.lists[kind];
  {
    SharedList& source = shared[kind];
    const std::lock_guard<std::mutex> lock(source.mutex);
    if (FreeBlock* first = source.list.head) {
      FreeBlock* last = first;
      std::uint32_t taken = 1;
      for (; taken < kBatch && last->next != nullptr; ++taken) last = last->next;
      source.list.head = last->next;
      source.list.count -= taken;
      last->next = nullptr;
      list.head = first->next;
      list.count = taken - 1;
      return first;
    }
  }
  const bool tables = region == static_cast<std::size_t>(MemoryRegion::kTables);
  const int flags = MALLOCX_ALIGN(kChunkBytes) |
                    (tables ? MALLOCX_ARENA(tables_arena()) | MALLOCX_TCACHE_NONE : 0);
  char* chunk = static_cast<char*>(mallocx(kChunkBytes, flags));
  if (chunk == nullptr) return nullptr;
  const auto address = reinterpret_cast<std::uintptr_t>(chunk);
  if ((address >> kAddressBits) != 0) {  // beyond the table: jemalloc serves this block
    dallocx(chunk, flags);
    return nullptr;
  }
  chunk_info[address >> kChunkShift].store(static_cast<std::uint8_t>(kind),
                                           std::memory_order_relaxed);
  cache.carve_next[kind] = chunk + class_bytes(klass);
  cache.carve_end[kind] = chunk + kChunkBytes;
  return chunk;
}

// A block freed by a thread that has no Flusher yet, or has ended.
void small_blocks_internal::release_slow(FreeBlock* block, unsigned kind) noexcept {
  if (!make_ready()) {
    block->next = nullptr;
    give(kind, block, 1);
    return;
  }
  List& list = cache.lists[kind];
  block->next = list.head;
  list.head = block;
  ++list.count;
}

bool small_block_info(const void* block, MemoryRegion& region, std::size_t& size) noexcept {
  const unsigned kind = kind_at(block);
  if (kind == 0) return false;
  region = region_of(kind) != 0 ? MemoryRegion::kTables : MemoryRegion::kGeneral;
  size = class_bytes(class_of(kind));
  return true;
}

const void* small_block_chunk(const void* block) noexcept {
  if (kind_at(block) == 0) return nullptr;
  const auto offset = reinterpret_cast<std::uintptr_t>(block) & (kChunkBytes - 1);
  return static_cast<const char*>(block) - offset;
}

}  // namespace streamlab::allocator
