// The `streamlab` binary's allocator: the tables region in an arena of its
// own (tools/allocator/region_allocator.cpp), and DynamoDB's tables in it.
#include "tools/allocator/region_allocator.h"

#include <gtest/gtest.h>
#include <jemalloc/jemalloc.h>

#include <memory>
#include <thread>
#include <vector>

#include "emulator/core/memory_region.h"
#include "emulator/core/simulated_scheduler.h"
#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/dynamodb/item_store.h"
#include "tests/dynamodb/products_table.h"

namespace streamlab::allocator {
namespace {

using dynamodb::AttributeValue;
using dynamodb::Item;

TEST(RegionAllocatorTest, GeneralAllocationsComeFromAnotherArenaThanTheTables) {
  auto block = std::make_unique<char[]>(100);
  EXPECT_NE(arena_of(block.get()), tables_arena());
}

TEST(RegionAllocatorTest, AllocationsInTheTablesRegionComeFromTheTablesArena) {
  std::unique_ptr<char[]> small, large;
  {
    MemoryRegionScope region(MemoryRegion::kTables);
    small = std::make_unique<char[]>(40);
    large = std::make_unique<char[]>(4 << 20);  // beyond any thread cache
  }
  EXPECT_EQ(arena_of(small.get()), tables_arena());
  EXPECT_EQ(arena_of(large.get()), tables_arena());
  // Freed outside the region (a Query result the caller drops) and the
  // memory used again: either cache takes the block back to its arena.
  small.reset();
  large.reset();
  std::vector<std::unique_ptr<char[]>> again;
  again.reserve(1000);
  for (int i = 0; i < 1000; ++i) again.push_back(std::make_unique<char[]>(40));
  for (const auto& block : again) ASSERT_NE(block, nullptr);
}

TEST(RegionAllocatorTest, EachThreadAllocatesForTheTablesThroughItsOwnCache) {
  // explore runs seeds on threads side by side; an explicit jemalloc thread
  // cache must never be shared between them.
  std::vector<unsigned> arenas(2);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < arenas.size(); ++t) {
    threads.emplace_back([&arenas, t] {
      MemoryRegionScope region(MemoryRegion::kTables);
      constexpr std::size_t kBlocks = 20000;
      std::vector<std::unique_ptr<std::size_t>> blocks(kBlocks);
      for (std::size_t i = 0; i < kBlocks; ++i) blocks[i] = std::make_unique<std::size_t>(i);
      unsigned arena = arena_of(blocks.front().get());
      for (std::size_t i = 0; i < kBlocks; i += 2) blocks[i].reset();
      for (std::size_t i = 0; i < kBlocks; i += 2) blocks[i] = std::make_unique<std::size_t>(i);
      for (std::size_t i = 0; i < kBlocks; ++i)
        if (*blocks[i] != i) arena = ~0u;  // a block handed out twice
      arenas[t] = arena;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(arenas[0], tables_arena());
  EXPECT_EQ(arenas[1], tables_arena());
}

// A run keeps what it frees for reuse instead of purging it (each purged
// page would fault again), and large blocks come from the thread's arena
// (region_allocator.cpp's malloc_conf).
TEST(RegionAllocatorTest, FreedMemoryIsKeptForReuseAndLargeBlocksShareTheArena) {
  ssize_t decay = 0;
  std::size_t size = sizeof(decay);
  ASSERT_EQ(mallctl("opt.dirty_decay_ms", &decay, &size, nullptr, 0), 0);
  EXPECT_EQ(decay, -1);
  std::size_t threshold = 1;
  size = sizeof(threshold);
  ASSERT_EQ(mallctl("opt.oversize_threshold", &threshold, &size, nullptr, 0), 0);
  EXPECT_EQ(threshold, 0u);
  std::uint64_t collect_every = 0;  // thread-cache collection: rare
  size = sizeof(collect_every);
  ASSERT_EQ(mallctl("opt.tcache_gc_incr_bytes", &collect_every, &size, nullptr, 0), 0);
  EXPECT_GE(collect_every, std::uint64_t{1} << 30);
  auto small = std::make_unique<char[]>(100);
  auto large = std::make_unique<char[]>(64 << 20);  // beyond the default threshold of 8 MiB
  EXPECT_EQ(arena_of(large.get()), arena_of(small.get()));
}

TEST(RegionAllocatorTest, DynamoDbWritesItsItemsAndIndexViewsToTheTablesArena) {
  using namespace dynamodb;
  SimulatedScheduler scheduler{{.seed = 1}};
  ItemStore* store = nullptr;
  DynamoDbService db{scheduler, options_exposing_store(store)};
  const TableDefinition products = products_by_creator("score");
  ASSERT_TRUE(db.create_table(products).is_ok());
  scheduler.run_for(std::chrono::seconds(1));
  // An item UpdateItem builds is built in the tables' region (PutItem keeps
  // the caller's item where the caller allocated it: a copy would cost more
  // than the placement saves).
  UpdateItemInput create{"Products",
                         Item{{"productId", AttributeValue::string("p1")}},
                         "SET creator = :m, score = :s",
                         {}};
  create.options.substitutions.values = {
      {":m", AttributeValue::string("m1")},
      {":s", AttributeValue::string("a text too long to be kept inline")}};
  ASSERT_TRUE(db.update_item(create).is_ok());
  ASSERT_NE(store, nullptr);
  const Item* stored = store->find(
      key_of_item(products.key, Item{{"productId", AttributeValue::string("p1")}}).value());
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(arena_of(&*stored->begin()), tables_arena());

  // What a read hands its caller is the caller's: a copy the caller frees
  // (and allocating it from the tables' thread cache, to be freed into the
  // general one, would cycle every result through the arenas' slow paths).
  auto got = db.get_item({"Products", Item{{"productId", AttributeValue::string("p1")}}});
  ASSERT_TRUE(got.is_ok() && got->has_value());
  EXPECT_NE(arena_of(&*(*got)->begin()), tables_arena());

  QueryInput query;
  query.table = "Products";
  query.index = "ProductsByCreator";
  query.key_condition = "creator = :m";
  query.substitutions.values.emplace(":m", AttributeValue::string("m1"));
  auto rows = db.query(query);
  ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
  ASSERT_EQ(rows->items.size(), 1u);
  // A row shares the index's own copy of the item: the stored view.
  EXPECT_EQ(arena_of(rows->items[0].get()), tables_arena());
  EXPECT_EQ(arena_of(&*rows->items[0]->begin()), tables_arena());
}

}  // namespace
}  // namespace streamlab::allocator
