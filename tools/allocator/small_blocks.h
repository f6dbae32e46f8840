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
// what a batch run frees; see malloc_conf). A thread's lists spill half of
// themselves to a shared pool when they grow past a bound (a thread that
// frees what another allocates, as `streamlab serve`'s threads do, hands the
// blocks back) and all of themselves when the thread ends; a thread takes
// from the shared pool before carving a new chunk.
#pragma once

#include <cstddef>

#include "emulator/core/memory_region.h"

namespace streamlab::allocator {

constexpr std::size_t kMaxSmallBytes = 512;

// A block of `size` (1..kMaxSmallBytes) bytes for `region`; null when the
// pool cannot serve it (the caller takes it from jemalloc instead).
void* allocate_small(std::size_t size, MemoryRegion region) noexcept;

// Takes back `block` if the pool made it; false (and nothing done) otherwise.
bool release_small(void* block) noexcept;

// For tests: the region and size class (its largest size) of a pool block;
// false when `block` is not one.
bool small_block_info(const void* block, MemoryRegion& region, std::size_t& size) noexcept;
// The chunk (a jemalloc allocation) a pool block was carved from; null when
// `block` is not a pool block.
const void* small_block_chunk(const void* block) noexcept;

}  // namespace streamlab::allocator
