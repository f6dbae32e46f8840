#include "emulator/core/memory_region.h"

#include <gtest/gtest.h>

#include <thread>

namespace streamlab {
namespace {

TEST(MemoryRegionTest, AScopeSetsTheRegionAndRestoresTheOneBeforeIt) {
  EXPECT_EQ(current_memory_region, MemoryRegion::kGeneral);
  {
    MemoryRegionScope tables(MemoryRegion::kTables);
    EXPECT_EQ(current_memory_region, MemoryRegion::kTables);
    {
      // A service call made from inside another (batch_write's puts) nests.
      MemoryRegionScope inner(MemoryRegion::kTables);
      EXPECT_EQ(current_memory_region, MemoryRegion::kTables);
      MemoryRegionScope general(MemoryRegion::kGeneral);
      EXPECT_EQ(current_memory_region, MemoryRegion::kGeneral);
    }
    EXPECT_EQ(current_memory_region, MemoryRegion::kTables);
  }
  EXPECT_EQ(current_memory_region, MemoryRegion::kGeneral);
}

TEST(MemoryRegionTest, EachThreadHasItsOwnRegion) {
  MemoryRegionScope tables(MemoryRegion::kTables);
  MemoryRegion seen = MemoryRegion::kTables;
  std::thread other([&seen] { seen = current_memory_region; });
  other.join();
  EXPECT_EQ(seen, MemoryRegion::kGeneral);
  EXPECT_EQ(current_memory_region, MemoryRegion::kTables);
}

}  // namespace
}  // namespace streamlab
