// The in-memory KinesisStore used by scenarios and tests.
#include <cstdio>
#include <cstdlib>
#include <deque>

#include "emulator/kinesis/shard_log.h"

namespace streamlab::kinesis {
namespace {

class MemoryShardLog final : public ShardLog {
 public:
  std::uint64_t begin() const override { return first_; }
  std::uint64_t end() const override { return first_ + records_.size(); }
  void append(Record record) override { records_.push_back(std::move(record)); }
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
  }

 private:
  std::uint64_t first_ = 0;
  std::deque<Record> records_;
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
