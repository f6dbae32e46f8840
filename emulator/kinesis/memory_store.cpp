// The in-memory KinesisStore used by scenarios and tests.
//
// A shard's bytes (data and partition keys) are packed one record after
// another into chunks that are filled and never moved, not kept in a string
// per record (a chunk lives on while a record read from it is still held): a million-record stream
// is then a few hundred sequential blocks rather than a million heap blocks that outlive every
// request — the request's own buffers go back to the allocator at once, still in cache — and a
// reader going through the shard reads its bytes in order.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>

#include "emulator/kinesis/shard_log.h"

namespace streamlab::kinesis {
namespace {

class MemoryShardLog final : public ShardLog {
 public:
  std::uint64_t begin() const override { return first_; }
  std::uint64_t end() const override { return first_ + records_.size(); }

  void append(const Record& record) override {
    const std::size_t size = record.data.size() + record.partition_key.size();
    char* bytes = room_for(size);
    if (size > 0) {  // an empty view's data() may be null: memcpy must not see it
      std::memcpy(bytes, record.data.data(), record.data.size());
      std::memcpy(bytes + record.data.size(), record.partition_key.data(),
                  record.partition_key.size());
    }
    records_.push_back({std::string_view(bytes, record.data.size()),
                        std::string_view(bytes + record.data.size(), record.partition_key.size()),
                        record.arrival_ms, chunks_.back().bytes});
    chunks_.back().end = end();
  }

  const Record& at(std::uint64_t counter) const override {
    if (counter < first_ || counter >= end()) {
      std::fprintf(stderr, "streamlab bug: shard log read out of range\n");
      std::abort();
    }
    return records_[counter - first_];
  }

  void trim_to(std::uint64_t new_begin) override {
    while (first_ < new_begin && !records_.empty()) {
      records_.pop_front();
      ++first_;
    }
    // A chunk goes once every record it holds is gone.
    while (!chunks_.empty() && chunks_.front().end <= first_) chunks_.pop_front();
  }

 private:
  // Chunks start small (most scenario shards hold a few records) and double
  // up to kMaxChunk; a record larger than that gets a chunk of its own size.
  static constexpr std::size_t kFirstChunk = 4096;
  static constexpr std::size_t kMaxChunk = std::size_t{1} << 20;

  struct Chunk {
    std::shared_ptr<char[]> bytes;  // shared with the records' readers (Record::owner)
    std::size_t capacity = 0;
    std::size_t used = 0;
    std::uint64_t end = 0;  // one past the counter of its last record
  };

  char* room_for(std::size_t size) {
    if (chunks_.empty() || chunks_.back().capacity - chunks_.back().used < size) {
      next_chunk_ = std::min(kMaxChunk, chunks_.empty() ? kFirstChunk : next_chunk_ * 2);
      const std::size_t capacity = std::max(next_chunk_, size);
      // for_overwrite: the bytes are written before they are read.
      chunks_.push_back(
          Chunk{std::make_unique_for_overwrite<char[]>(capacity), capacity, 0, end()});
    }
    Chunk& chunk = chunks_.back();
    char* out = chunk.bytes.get() + chunk.used;
    chunk.used += size;
    return out;
  }

  std::uint64_t first_ = 0;
  std::deque<Record> records_;  // viewing chunks_
  std::deque<Chunk> chunks_;
  std::size_t next_chunk_ = 0;
};

class MemoryKinesisStore final : public KinesisStore {
 public:
  std::unique_ptr<ShardLog> open_shard_log(std::string_view, std::uint32_t) override {
    return std::make_unique<MemoryShardLog>();
  }
  void drop_stream(std::string_view) override {}  // the logs die with their shards
};

}  // namespace

std::unique_ptr<KinesisStore> make_memory_kinesis_store() {
  return std::make_unique<MemoryKinesisStore>();
}

}  // namespace streamlab::kinesis
