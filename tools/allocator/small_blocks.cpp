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
using small_blocks_internal::kAddressBits;
using small_blocks_internal::kChunkBytes;
using small_blocks_internal::kind_at;
using small_blocks_internal::kKinds;
using small_blocks_internal::List;
using small_blocks_internal::region_of;

// The shared pool of one kind: a stack of whole lists, linked through their
// first blocks, so that giving or taking one is two stores whatever its size.
struct SharedLists {
  std::mutex mutex;
  FreeBlock* top = nullptr;
};
SharedLists shared[kKinds];

// Moves a list (`count` blocks from `first`) to the shared pool.
void give(unsigned kind, FreeBlock* first, std::uint32_t count) {
  if (count == 0) return;
  SharedLists& target = shared[kind];
  const std::lock_guard<std::mutex> lock(target.mutex);
  first->pool_link =
      reinterpret_cast<std::uintptr_t>(target.top) | (std::uintptr_t{count} << kAddressBits);
  target.top = first;
}

// Takes the list last given to the shared pool; false when there is none.
bool take(unsigned kind, FreeBlock*& first, std::uint32_t& count) {
  SharedLists& source = shared[kind];
  const std::lock_guard<std::mutex> lock(source.mutex);
  first = source.top;
  if (first == nullptr) return false;
  constexpr std::uintptr_t kAddressMask = (std::uintptr_t{1} << kAddressBits) - 1;
  // The next list's address shares a word with this list's count, hence the cast.
  source.top = reinterpret_cast<FreeBlock*>(  // NOLINT(performance-no-int-to-ptr)
      first->pool_link & kAddressMask);
  count = static_cast<std::uint32_t>(first->pool_link >> kAddressBits);
  return true;
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
      give(kind, cache.lists[kind].spare, cache.lists[kind].spare_count);
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

void small_blocks_internal::spill(unsigned kind) noexcept {
  List& list = cache.lists[kind];
  give(kind, list.spare, list.spare_count);
  list.spare = list.head;
  list.spare_count = list.count;
  list.head = nullptr;
  list.count = 0;
}

// An empty list, no spare and nothing left to carve: a list from the shared
// pool, or a new chunk.
void* small_blocks_internal::refill(std::size_t region, std::size_t klass) noexcept {
  if (!cache.ready && !make_ready()) return nullptr;  // the thread is ending: jemalloc serves it
  const unsigned kind = kind_of(region, klass);
  FreeBlock* first = nullptr;
  std::uint32_t count = 0;
  if (take(kind, first, count)) {
    List& list = cache.lists[kind];
    list.head = first->next;
    list.count = count - 1;
    return first;
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
