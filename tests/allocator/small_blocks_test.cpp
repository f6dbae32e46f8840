// The binary's small-block pool (tools/allocator/small_blocks.h), reached
// through operator new and delete as the program reaches it.
#include "tools/allocator/small_blocks.h"

#include <gtest/gtest.h>
#include <jemalloc/jemalloc.h>

#include <cstdint>
#include <cstring>
#include <future>
#include <new>
#include <set>
#include <thread>
#include <vector>

#include "tools/allocator/region_allocator.h"

namespace streamlab::allocator {
namespace {

// Frees with the size, as code built with sized deallocation (GCC's
// default) does; compilers without it free without.
void free_sized(void* block, [[maybe_unused]] std::size_t size) {
#if defined(__cpp_sized_deallocation)
  ::operator delete(block, size);
#else
  ::operator delete(block);
#endif
}

// Blocks of every small size, each filled with its own pattern: none
// overlaps another, each is a pool block of a class that holds it, and what
// is freed is handed out again.
TEST(SmallBlocksTest, EverySmallSizeIsAPoolBlockThatHoldsItAndIsReused) {
  std::vector<std::pair<unsigned char*, std::size_t>> blocks;
  for (std::size_t size = 1; size <= kMaxSmallBytes; ++size) {
    for (int copy = 0; copy < 3; ++copy) {
      auto* block = static_cast<unsigned char*>(::operator new(size));
      std::memset(block, static_cast<int>(blocks.size() & 0xff), size);
      blocks.emplace_back(block, size);
    }
  }
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto [block, size] = blocks[i];
    MemoryRegion region = MemoryRegion::kTables;
    std::size_t class_size = 0;
    ASSERT_TRUE(small_block_info(block, region, class_size)) << size;
    EXPECT_EQ(region, MemoryRegion::kGeneral);
    EXPECT_GE(class_size, size);
    EXPECT_LT(class_size, size + 16);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block) % 16, 0u);
    for (std::size_t b = 0; b < size; ++b)
      ASSERT_EQ(block[b], static_cast<unsigned char>(i & 0xff)) << "block " << i << " overwritten";
  }
  // Freed without its size (as code built without sized deallocation frees)
  // or with it, a block is the next one of its class handed out.
  // (Compared as addresses: a freed pointer's value is not to be used.)
  const auto address = [](const void* block) { return reinterpret_cast<std::uintptr_t>(block); };
  auto [first, first_size] = blocks.front();
  const std::uintptr_t first_address = address(first);
  ::operator delete(first);
  first = static_cast<unsigned char*>(::operator new(first_size));
  EXPECT_EQ(address(first), first_address);
  auto [last, last_size] = blocks.back();
  const std::uintptr_t last_address = address(last);
  free_sized(last, last_size);
  last = static_cast<unsigned char*>(::operator new(last_size));
  EXPECT_EQ(address(last), last_address);
  blocks.front().first = first;
  blocks.back().first = last;
  for (const auto& [block, size] : blocks) free_sized(block, size);
}

TEST(SmallBlocksTest, LargerBlocksAndTheTablesRegionAreKeptApart) {
  MemoryRegion region = MemoryRegion::kGeneral;
  std::size_t size = 0;
  void* large = ::operator new(kMaxSmallBytes + 1);
  EXPECT_FALSE(small_block_info(large, region, size));
  ::operator delete(large);
  void* table_block = nullptr;
  {
    MemoryRegionScope scope(MemoryRegion::kTables);
    table_block = ::operator new(40);
  }
  ASSERT_TRUE(small_block_info(table_block, region, size));
  EXPECT_EQ(region, MemoryRegion::kTables);
  EXPECT_EQ(arena_of(table_block), tables_arena());
  // Freed outside its region, it still goes back to the tables' list.
  const auto table_address = reinterpret_cast<std::uintptr_t>(table_block);
  free_sized(table_block, 40);
  void* general_block = ::operator new(40);
  EXPECT_NE(reinterpret_cast<std::uintptr_t>(general_block), table_address);
  {
    MemoryRegionScope scope(MemoryRegion::kTables);
    table_block = ::operator new(40);
  }
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(table_block), table_address);
  free_sized(general_block, 40);
  free_sized(table_block, 40);
}

// One thread frees what another allocates (as `streamlab serve`'s threads
// do): the freeing thread keeps a bounded list and passes the rest on, and
// all it holds when it ends, for other threads to use instead of new memory.
constexpr std::size_t kSize = 200;  // a class the other tests leave alone
constexpr std::size_t kCount = 20000;

TEST(SmallBlocksTest, BlocksFreedOnAnotherThreadAreHandedOutAgain) {
  std::vector<void*> made(kCount);
  std::thread maker([&made] {
    for (auto& block : made) block = ::operator new(kSize);
  });
  maker.join();
  std::set<std::uintptr_t> made_addresses;
  for (void* block : made) made_addresses.insert(reinterpret_cast<std::uintptr_t>(block));
  // Takes `count` blocks on a new thread: how many of them are the made ones.
  const auto reused_by_a_new_thread = [&made_addresses](std::size_t count) {
    std::size_t reused = 0;
    std::thread taker([&made_addresses, &reused, count] {
      std::vector<void*> taken(count);
      for (auto& block : taken) block = ::operator new(kSize);
      for (void* block : taken)
        reused += made_addresses.count(reinterpret_cast<std::uintptr_t>(block));
      for (void* block : taken) free_sized(block, kSize);
    });
    taker.join();
    return reused;
  };
  std::promise<void> freed, checked;
  std::thread freer([&made, &freed, &checked] {
    for (void* block : made) free_sized(block, kSize);
    freed.set_value();
    checked.get_future().wait();  // ends (and flushes) only after the check
  });
  freed.get_future().wait();
  // While the freer lives, it keeps at most 256 KiB of these (1,260 blocks).
  EXPECT_GE(reused_by_a_new_thread(kCount), kCount - 1260);
  checked.set_value();
  freer.join();
  // Then every one of them is back (with the first taker's own new ones).
  EXPECT_EQ(reused_by_a_new_thread(2 * kCount), kCount);
}

// A thread that frees more than its list and spare hold passes whole lists
// to the shared pool; when it has carved all of its chunk, allocating as many
// again, it takes back its spare and those lists: no new memory.
TEST(SmallBlocksTest, AThreadTakesBackTheListsItPassedOn) {
  constexpr std::size_t kOwnSize = 256;  // a class no other test uses
  constexpr std::size_t kOwnCount = (std::size_t{2} << 20) / kOwnSize;  // one chunk's worth
  std::set<std::uintptr_t> first, second;
  std::set<const void*> chunks;
  std::thread([&] {
    std::vector<void*> blocks(kOwnCount);
    for (auto& block : blocks) block = ::operator new(kOwnSize);
    for (void* block : blocks) {
      first.insert(reinterpret_cast<std::uintptr_t>(block));
      chunks.insert(small_block_chunk(block));
    }
    for (void* block : blocks) free_sized(block, kOwnSize);  // 16 lists of 512
    for (auto& block : blocks) block = ::operator new(kOwnSize);
    for (void* block : blocks) second.insert(reinterpret_cast<std::uintptr_t>(block));
    for (void* block : blocks) free_sized(block, kOwnSize);
  }).join();
  ASSERT_EQ(chunks.size(), 1u) << "the thread started with blocks of this class to hand out";
  EXPECT_EQ(first.size(), kOwnCount);
  EXPECT_EQ(second, first);
}

// A thread's destructors may free and allocate after the pool has flushed
// its lists: the block freed then still comes back, and the allocation is
// served (by jemalloc).
struct LateUser {
  void* keep = nullptr;
  bool late_block_is_pooled = true;
  std::uintptr_t* freed_late = nullptr;
  ~LateUser() {
    *freed_late = reinterpret_cast<std::uintptr_t>(keep);
    free_sized(keep, 72);  // after the pool's own thread-end flush
    void* late = ::operator new(72);
    MemoryRegion region;
    std::size_t size;
    late_block_is_pooled = small_block_info(late, region, size);
    EXPECT_FALSE(late_block_is_pooled);
    free_sized(late, 72);
  }
};

TEST(SmallBlocksTest, AThreadEndingStillFreesAndAllocates) {
  std::uintptr_t freed_late = 0;
  std::thread ending([&freed_late] {
    // Constructed before the thread's first pooled allocation, so destroyed
    // after the pool's thread-end flush.
    thread_local LateUser user;
    user.freed_late = &freed_late;
    user.keep = ::operator new(72);
  });
  ending.join();
  ASSERT_NE(freed_late, 0u);
  // A new thread (with nothing of its own to hand out) gets it first.
  std::uintptr_t first = 0;
  std::thread([&first] {
    void* block = ::operator new(72);
    first = reinterpret_cast<std::uintptr_t>(block);
    free_sized(block, 72);
  }).join();
  EXPECT_EQ(first, freed_late);
}

}  // namespace
}  // namespace streamlab::allocator
