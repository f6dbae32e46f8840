// The `streamlab` binary's operator new: small blocks from per-thread free
// lists (small_blocks.h), the rest from jemalloc, with the tables region
// (emulator/core/memory_region.h) in an arena of its own.
//
// A thread allocates for the tables from the tables arena through a thread
// cache of its own (jemalloc's default cache is tied to the thread's arena
// and would hand either region's freed blocks to the other). A small block
// goes back to its own region's list (its chunk says which). A larger one is
// freed by the region of the thread at the time: it returns to the arena it
// came from whichever cache takes it, as jemalloc flushes each block to its
// own arena, so a block crossing regions is a matter of placement, not of
// correctness.
#include <jemalloc/jemalloc.h>

#include <cstdio>
#include <cstdlib>
#include <new>

#include "emulator/core/memory_region.h"
#include "tools/allocator/region_allocator.h"
#include "tools/allocator/small_blocks.h"

namespace streamlab::allocator {
namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "streamlab: jemalloc refused %s\n", what);
  std::abort();
}

// Made once, on the first allocation for the tables; arenas live as long as
// the process.
unsigned make_tables_arena() {
  unsigned index = 0;
  std::size_t size = sizeof(index);
  if (mallctl("arenas.create", &index, &size, nullptr, 0) != 0) fail("to create an arena");
  return index;
}

// A thread's own cache for the tables arena, destroyed (its blocks returned
// to the arena) when the thread ends.
class TablesCache {
 public:
  ~TablesCache() {
    if (made_) mallctl("tcache.destroy", nullptr, nullptr, &index_, sizeof(index_));
    made_ = false;
  }
  unsigned index() {
    if (!made_) {
      std::size_t size = sizeof(index_);
      if (mallctl("tcache.create", &index_, &size, nullptr, 0) != 0)
        fail("to create a thread cache");
      made_ = true;
    }
    return index_;
  }

 private:
  unsigned index_ = 0;
  bool made_ = false;
};
thread_local TablesCache tables_cache;

int tables_flags() { return MALLOCX_ARENA(tables_arena()) | MALLOCX_TCACHE(tables_cache.index()); }

bool for_tables() { return current_memory_region == MemoryRegion::kTables; }

void* allocate(std::size_t size) {
  if (size == 0) size = 1;  // mallocx's size must not be 0
  if (size <= kMaxSmallBytes) {
    if (void* block = allocate_small(size, current_memory_region)) return block;
  }
  void* block = for_tables() ? mallocx(size, tables_flags()) : std::malloc(size);
  if (block == nullptr) throw std::bad_alloc();
  return block;
}

void release(void* block) noexcept {
  if (block == nullptr || release_small(block)) return;
  if (for_tables())
    dallocx(block, tables_flags());
  else
    std::free(block);
}

// With the size (C++14 sized delete) jemalloc need not look the block up —
// but only for the tables: sdallocx without flags takes a slower path than
// free's (about twice the instructions), which is what the general region
// frees most.
void release(void* block, std::size_t size) noexcept {
  if (block == nullptr || (size <= kMaxSmallBytes && release_small(block))) return;
  if (for_tables())
    sdallocx(block, size == 0 ? 1 : size, tables_flags());  // as allocate() asked for
  else
    std::free(block);
}

}  // namespace

unsigned tables_arena() {
  static const unsigned index = make_tables_arena();
  return index;
}

unsigned arena_of(const void* block) {
  // jemalloc looks up a large allocation by its first and last pages only:
  // a small block is looked up by the chunk it was carved from.
  if (const void* chunk = small_block_chunk(block)) block = chunk;
  unsigned index = 0;
  std::size_t size = sizeof(index);
  if (mallctl("arenas.lookup", &index, &size, &block, sizeof(block)) != 0)
    fail("to look up an arena");
  return index;
}

}  // namespace streamlab::allocator

// jemalloc's options, read once as it starts. A run grows to its peak and
// ends, so memory it frees is kept for its next allocations rather than
// purged back to the system (dirty_decay_ms -1, and muzzy_decay_ms -1 for
// the pages only dirty decay would feed): a purged page faults again
// when it is used again — some 80,000 faults in a million-event topology run,
// and the purges' own system calls. Large blocks (a shard's records, the
// scheduler's heap) come from the thread's arena rather than from an arena of
// their own that purges at once (oversize_threshold 0). A thread cache's
// incremental collection, by default every 64 KiB allocated, hands cached
// blocks back to the arena only for the next allocations to fetch them again
// (the streams keep growing, so the caches are always in use); collecting once a GiB
// instead took about 1 % fewer instructions, with the same peak memory.
const char* malloc_conf =
    "oversize_threshold:0,dirty_decay_ms:-1,muzzy_decay_ms:-1,tcache_gc_incr_bytes:1073741824";

// The aligned forms (alignas beyond 16) stay jemalloc's own, in the general
// region.
void* operator new(std::size_t size) { return streamlab::allocator::allocate(size); }
void* operator new[](std::size_t size) { return streamlab::allocator::allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return streamlab::allocator::allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return streamlab::allocator::allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void operator delete(void* block) noexcept { streamlab::allocator::release(block); }
void operator delete[](void* block) noexcept { streamlab::allocator::release(block); }
void operator delete(void* block, std::size_t size) noexcept {
  streamlab::allocator::release(block, size);
}
void operator delete[](void* block, std::size_t size) noexcept {
  streamlab::allocator::release(block, size);
}
void operator delete(void* block, const std::nothrow_t&) noexcept {
  streamlab::allocator::release(block);
}
void operator delete[](void* block, const std::nothrow_t&) noexcept {
  streamlab::allocator::release(block);
}
