// What the region allocator (region_allocator.cpp) tells about its arenas,
// for its tests.
#pragma once

namespace streamlab::allocator {

// The jemalloc arena of the tables region.
unsigned tables_arena();
// The jemalloc arena `block` (from operator new) came from.
unsigned arena_of(const void* block);

}  // namespace streamlab::allocator
