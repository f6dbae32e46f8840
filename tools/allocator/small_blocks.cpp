#include "tools/allocator/small_blocks.h"

#include <jemalloc/jemalloc.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>

#include "tools/allocator/region_allocator.h"

namespace streamlab::allocator {
namespace {

constexpr std::size_t kGranule = 16;  // what operator new's blocks are aligned to
constexpr std::size_t kClasses = kMaxSmallBytes / kGranule;
constexpr std::size_t kRegions = 2;
constexpr unsigned kChunkShift = 21;  // 2 MiB chunks
constexpr std::size_t kChunkBytes = std::size_t{1} << kChunkShift;
constexpr unsigned kAddressBits = 47;  // x86-64's user addresses (4-level paging)
// A thread's list holds at most this many bytes before half of it goes to
// the shared pool; a refill from the shared pool takes at most kBatch blocks.
constexpr std::size_t kMaxListBytes = 256 * 1024;
constexpr std::uint32_t kBatch = 256;
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
constexpr auto kListLimits = [] {
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
std::atomic<std::uint8_t> chunk_info[std::size_t{1} << (kAddressBits - kChunkShift)];

unsigned kind_at(const void* block) {
  const auto address = reinterpret_cast<std::uintptr_t>(block);
  if ((address >> kAddressBits) != 0) return 0;
  return chunk_info[address >> kChunkShift].load(std::memory_order_relaxed);
}

struct FreeBlock {
  FreeBlock* next;
};

struct List {
  FreeBlock* head = nullptr;
  std::uint32_t count = 0;
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
thread_local ThreadCache cache;

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

// Half of a list that grew past its bound goes to the shared pool.
[[gnu::noinline]] void spill(unsigned kind) {
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
[[gnu::noinline]] void* refill(std::size_t region, std::size_t klass) noexcept {
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
[[gnu::noinline]] void release_slow(FreeBlock* block, unsigned kind) {
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

}  // namespace

void* allocate_small(std::size_t size, MemoryRegion region) noexcept {
  const std::size_t klass = (size - 1) / kGranule;
  const auto r = static_cast<std::size_t>(region);
  const unsigned kind = kind_of(r, klass);
  List& list = cache.lists[kind];
  if (FreeBlock* block = list.head) {
    list.head = block->next;
    --list.count;
    return block;
  }
  // Carving: blocks that stay (a stream's records) come from here.
  char* next = cache.carve_next[kind];
  if (static_cast<std::size_t>(cache.carve_end[kind] - next) >= class_bytes(klass)) {
    cache.carve_next[kind] = next + class_bytes(klass);
    return next;
  }
  return refill(r, klass);
}

bool release_small(void* block) noexcept {
  const unsigned kind = kind_at(block);
  if (kind == 0) return false;
  auto* free_block = static_cast<FreeBlock*>(block);
  if (!cache.ready) {
    release_slow(free_block, kind);
    return true;
  }
  List& list = cache.lists[kind];
  free_block->next = list.head;
  list.head = free_block;
  if (++list.count > kListLimits[kind]) spill(kind);
  return true;
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
  return reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(block) &
                                       ~std::uintptr_t{kChunkBytes - 1});
}

}  // namespace streamlab::allocator
