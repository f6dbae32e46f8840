// Where the current thread's allocations belong: a placement hint.
//
// DynamoDB's tables (items, index entries, their views) are a few tens of MB
// read cold and often — a Query visits twenty rows it last read thousands of
// calls ago — while the streams' records are a GB written once and read once.
// Allocated from one heap, the two share pages and size-class slabs, so the
// tables spread thin over the records' pages. The service marks the calls
// that build its tables (table and index changes, writes) with the kTables
// region; reads are not marked, as what they allocate is the caller's to
// free. The `streamlab` binary's allocator (tools/allocator) gives that
// region its own jemalloc arena, so the tables stay dense. Elsewhere (tests,
// sanitizer builds) the region is ignored: it changes where memory comes
// from, never what a program computes.
#pragma once

namespace streamlab {

enum class MemoryRegion : unsigned char { kGeneral, kTables };

inline thread_local MemoryRegion current_memory_region = MemoryRegion::kGeneral;

// Sets the region for a scope and restores the one before it.
class MemoryRegionScope {
 public:
  explicit MemoryRegionScope(MemoryRegion region) : saved_(current_memory_region) {
    current_memory_region = region;
  }
  ~MemoryRegionScope() { current_memory_region = saved_; }
  MemoryRegionScope(const MemoryRegionScope&) = delete;
  MemoryRegionScope& operator=(const MemoryRegionScope&) = delete;

 private:
  MemoryRegion saved_;
};

}  // namespace streamlab
