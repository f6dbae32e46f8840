// The in-memory shard log: a record's bytes are the log's own copy, and they
// stay where they are (views handed out stay valid) until a trim drops them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/core/shared_bytes.h"
#include "emulator/kinesis/shard_log.h"

namespace streamlab::kinesis {
namespace {

std::string data_of(std::uint64_t counter) {
  // Sizes from 0 to 3,000 bytes: records fill chunks unevenly and straddle their ends.
  return std::string(static_cast<std::size_t>((counter * 7919) % 3001),
                     static_cast<char>('a' + counter % 26));
}

TEST(MemoryShardLogTest, KeepsItsOwnCopyAndViewsStayValidAcrossAppends) {
  auto store = make_memory_kinesis_store();
  auto log = store->open_shard_log("s", 0);
  std::vector<const Record*> seen;
  std::vector<std::string_view> seen_data;
  for (std::uint64_t i = 0; i < 5000; ++i) {
    std::string data = data_of(i);
    std::string key = "key-" + std::to_string(i);
    log->append(Record{data, key, static_cast<std::int64_t>(i)});
    data.assign(data.size(), '#');  // the caller's bytes change: the log's must not
    key.assign(key.size(), '#');
    seen.push_back(&log->at(i));
    seen_data.push_back(log->at(i).data);
  }
  ASSERT_EQ(log->begin(), 0u);
  ASSERT_EQ(log->end(), 5000u);
  for (std::uint64_t i = 0; i < 5000; ++i) {
    ASSERT_EQ(&log->at(i), seen[i]) << i;
    ASSERT_EQ(seen[i]->data, data_of(i)) << i;
    ASSERT_EQ(seen_data[i], data_of(i)) << i;
    ASSERT_EQ(seen[i]->partition_key, "key-" + std::to_string(i)) << i;
    ASSERT_EQ(seen[i]->arrival_ms, static_cast<std::int64_t>(i));
  }
}

TEST(MemoryShardLogTest, RecordsLargerThanAChunkAndEmptyDataAreKept) {
  auto store = make_memory_kinesis_store();
  auto log = store->open_shard_log("s", 0);
  const std::string large(3 << 20, 'x');  // beyond the largest chunk (Kinesis allows 1 MiB)
  log->append(Record{"", "k0", 0});
  log->append(Record{large, "k1", 1});
  log->append(Record{"after", "k2", 2});
  EXPECT_EQ(log->at(0).data, "");
  EXPECT_EQ(log->at(0).partition_key, "k0");
  EXPECT_EQ(log->at(1).data, large);
  EXPECT_EQ(log->at(2).data, "after");
  EXPECT_EQ(log->at(2).partition_key, "k2");
}

TEST(MemoryShardLogTest, TrimmingKeepsTheRecordsAfterItIntact) {
  auto store = make_memory_kinesis_store();
  auto log = store->open_shard_log("s", 0);
  for (std::uint64_t i = 0; i < 3000; ++i) {
    const std::string data = data_of(i);
    log->append(Record{data, "k", 0});
  }
  for (std::uint64_t begin : {1u, 700u, 701u, 2500u}) {
    log->trim_to(begin);
    ASSERT_EQ(log->begin(), begin);
    for (std::uint64_t i = begin; i < 3000; ++i) ASSERT_EQ(log->at(i).data, data_of(i)) << i;
  }
  log->trim_to(3000);
  EXPECT_EQ(log->begin(), log->end());
  log->append(Record{"again", "k", 0});  // appending after everything was trimmed
  EXPECT_EQ(log->at(3000).data, "again");
}

// A record's owner keeps its bytes alive after the log dropped it, so an
// event holding the bytes (SharedBytes, not a copy) outlives a trim.
TEST(MemoryShardLogTest, AnOwnerKeepsTheBytesPastATrim) {
  auto store = make_memory_kinesis_store();
  auto log = store->open_shard_log("s", 0);
  log->append(Record{"first record", "k", 0, nullptr});
  const SharedBytes held(log->at(0).data, log->at(0).owner);
  EXPECT_EQ(held.data(), log->at(0).data.data());  // the log's bytes, not a copy
  log->trim_to(1);
  for (std::uint64_t i = 1; i < 2000; ++i) log->append(Record{data_of(i), "k", 0, nullptr});
  log->trim_to(2000);  // every chunk the log had is gone from it
  EXPECT_EQ(held, "first record");
  SharedBytes copy = held;
  EXPECT_EQ(copy.data(), held.data());
  copy = std::string("own");  // assigning a string makes an own copy
  EXPECT_EQ(copy, "own");
  EXPECT_EQ(held, "first record");
}

}  // namespace
}  // namespace streamlab::kinesis
