// Small blocks for the `streamlab` binary's operator new: per-thread free
// lists in front of jemalloc.
//
// A simulation allocates and frees some 36 small blocks per event (request
// strings and maps, coroutine frames, records). Through jemalloc (its fast
// paths and the thread-cache refills behind them) an allocation and its free
// took about 170 instructions; through these lists about 90, operator new
// and delete included (a topology run: 3 % fewer instructions, about 4 %
// faster). Blocks of up to kMaxSmallBytes are
// carved, 16-byte classes, from 2 MiB chunks that jemalloc provides — from
// the tables arena for the kTables region — and a chunk's region and class
// are kept in a table indexed by address, so a block goes back to its own
// region's list whichever thread frees it and with or without its size.
//
// Memory stays with the pool for the life of the process (as jemalloc keeps
// what a batch run frees; see malloc_conf). A thread keeps, per kind, a list
// and one spare list, each bounded; a list that grows past its bound becomes
// the spare, and the spare it replaces goes to a shared pool (a thread that
// frees what another allocates, as `streamlab serve`'s threads do, hands the
// blocks back); all of them go there when the thread ends. A thread takes
// the spare, then a list from the shared pool, before carving a new chunk.
// Lists move whole, so no move reads the blocks in them: a million-event
// run frees batches of blocks that are cold by the time they move.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "emulator/core/memory_region.h"

namespace streamlab::allocator {

constexpr std::size_t kMaxSmallBytes = 512;

// The pool's state, here so that operator new and delete inline its fast
// paths (small_blocks.cpp has the rest).
namespace small_blocks_internal {

constexpr std::size_t kGranule = 16;  // what operator new's blocks are aligned to
constexpr std::size_t kClasses = kMaxSmallBytes / kGranule;
constexpr std::size_t kRegions = 2;
constexpr unsigned kChunkShift = 21;  // 2 MiB chunks
constexpr std::size_t kChunkBytes = std::size_t{1} << kChunkShift;
constexpr unsigned kAddressBits = 47;  // x86-64's user addresses (4-level paging)
// A thread's list and its spare each hold at most this many bytes.
constexpr std::size_t kMaxListBytes = std::size_t{128} * 1024;
constexpr unsigned kTablesBit = 0x80;
constexpr std::size_t kKinds = 256;  // lists are indexed by a chunk's info byte

static_assert(kClasses < kTablesBit, "a class and the region share a byte");

constexpr std::size_t class_bytes(std::size_t klass) { return (klass + 1) * kGranule; }
// A chunk's info byte (below): 1 + its class, with kTablesBit for the tables region.
constexpr unsigned kind_of(std::size_t region, std::size_t klass) {
  return static_cast<unsigned>(klass + 1) | (region != 0 ? kTablesBit : 0);
}
constexpr std::size_t region_of(unsigned kind) { return (kind & kTablesBit) != 0 ? 1 : 0; }
constexpr std::size_t class_of(unsigned kind) { return (kind & ~kTablesBit) - 1; }

// How many blocks a list of each kind may hold (kMaxListBytes of them).
inline constexpr auto kListLimits = [] {
  std::array<std::uint32_t, kKinds> limits{};
  for (std::size_t region = 0; region < kRegions; ++region)
    for (std::size_t klass = 0; klass < kClasses; ++klass)
      limits[kind_of(region, klass)] =
          static_cast<std::uint32_t>(kMaxListBytes / class_bytes(klass));
  return limits;
}();

// Per 2 MiB of address space: 0 when the pool did not make the chunk there,
// otherwise its kind. 64 MiB of zero pages, of which a run touches the few
// that describe its chunks. Each entry is written once, before any block of
// its chunk is handed out.
inline std::atomic<std::uint8_t> chunk_info[std::size_t{1} << (kAddressBits - kChunkShift)];

inline unsigned kind_at(const void* block) {
  const auto address = reinterpret_cast<std::uintptr_t>(block);
  if ((address >> kAddressBits) != 0) return 0;
  return chunk_info[address >> kChunkShift].load(std::memory_order_relaxed);
}

struct FreeBlock {
  FreeBlock* next;
  // In the shared pool, in a list's first block: the next list there (its
  // first block's address) and, above kAddressBits, this list's count.
  std::uintptr_t pool_link;
};
static_assert(sizeof(FreeBlock) <= kGranule, "every block can hold a FreeBlock");
static_assert(2 * kMaxListBytes / kGranule < (std::uint64_t{1} << (64 - kAddressBits)),
              "a list's count fits above the address in pool_link");

struct List {
  FreeBlock* head = nullptr;
  FreeBlock* spare = nullptr;  // a full list, taken when this one runs out
  std::uint32_t count = 0;
  std::uint32_t spare_count = 0;
};

// What a thread has not handed out yet: its free lists and, per kind, the
// rest of the chunk it carves new blocks from. Constant-initialized and
// trivially destroyed, so reaching it costs no TLS initialization check.
struct ThreadCache {
  List lists[kKinds];
  char* carve_next[kKinds] = {};
  char* carve_end[kKinds] = {};
  bool ready = false;  // its Flusher is set to run at thread end, and has not run
  bool ended = false;  // the Flusher ran: freed blocks go to the shared pool
};
inline thread_local ThreadCache cache;

// The slow paths (small_blocks.cpp).
void* refill(std::size_t region, std::size_t klass) noexcept;
void release_slow(FreeBlock* block, unsigned kind) noexcept;
// A full list becomes the spare; the spare it replaces goes to the shared pool.
void spill(unsigned kind) noexcept;

}  // namespace small_blocks_internal

// A block of `size` (1..kMaxSmallBytes) bytes for `region`; null when the
// pool cannot serve it (the caller takes it from jemalloc instead).
inline void* allocate_small(std::size_t size, MemoryRegion region) noexcept {
  namespace internal = small_blocks_internal;
  const std::size_t klass = (size - 1) / internal::kGranule;
  const auto r = static_cast<std::size_t>(region);
  const unsigned kind = internal::kind_of(r, klass);
  internal::ThreadCache& cache = internal::cache;
  internal::List& list = cache.lists[kind];
  if (internal::FreeBlock* block = list.head) {
    list.head = block->next;
    // The next allocation reads that block's link: a list taken from the
    // shared pool is cold.
    __builtin_prefetch(list.head);
    --list.count;
    return block;
  }
  if (internal::FreeBlock* block = list.spare) {
    list.head = block->next;
    list.count = list.spare_count - 1;
    list.spare = nullptr;
    list.spare_count = 0;
    return block;
  }
  // Carving: blocks that stay (a stream's records) come from here.
  char* next = cache.carve_next[kind];
  if (static_cast<std::size_t>(cache.carve_end[kind] - next) >= internal::class_bytes(klass)) {
    cache.carve_next[kind] = next + internal::class_bytes(klass);
    return next;
  }
  return internal::refill(r, klass);
}

// Takes back `block` if the pool made it; false (and nothing done) otherwise.
inline bool release_small(void* block) noexcept {
  namespace internal = small_blocks_internal;
  const unsigned kind = internal::kind_at(block);
  if (kind == 0) return false;
  auto* free_block = static_cast<internal::FreeBlock*>(block);
  internal::ThreadCache& cache = internal::cache;
  if (!cache.ready) {
    internal::release_slow(free_block, kind);
    return true;
  }
  internal::List& list = cache.lists[kind];
  free_block->next = list.head;
  list.head = free_block;
  if (++list.count >= internal::kListLimits[kind]) internal::spill(kind);
  return true;
}

// For tests: the region and size class (its largest size) of a pool block;
// false when `block` is not one.
bool small_block_info(const void* block, MemoryRegion& region, std::size_t& size) noexcept;
// The chunk (a jemalloc allocation) a pool block was carved from; null when
// `block` is not a pool block.
const void* small_block_chunk(const void* block) noexcept;

}  // namespace streamlab::allocator
