// Internal: the state of one stream and its shards. Only the service's own
// .cpp files include this.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "emulator/kinesis/kinesis_service.h"
#include "emulator/kinesis/throughput.h"

namespace streamlab::kinesis {

struct KinesisService::Shard {
  std::uint32_t index = 0;
  std::string id;
  HashKeyRange range;
  // Parents in lineage order: one after a split, two after a merge; more only
  // after UpdateShardCount (DescribeStream shows the first two).
  std::vector<std::uint32_t> parents;
  std::int64_t created_ms = 0;
  bool open = true;
  SequenceNumber starting;               // the first number this shard could issue
  std::optional<SequenceNumber> ending;  // the last one, once closed
  std::int64_t last_arrival_ms = 0;      // arrival times never decrease within a shard
  std::unique_ptr<ShardLog> log;
  WriteMeter write_meter;
  ReadMeter read_meter;
};

struct KinesisService::Stream {
  std::string name;
  std::string arn;
  std::uint64_t incarnation = 0;  // distinguishes a re-created stream of the same name
  StreamStatus status = StreamStatus::kCreating;
  TimePoint created;
  int retention_hours = kDefaultRetentionHours;
  bool limits_enabled = true;
  std::map<std::string, std::string> tags;
  std::vector<std::unique_ptr<Shard>> shards;  // by shard index
  std::vector<Shard*> open_shards;             // sorted by hash range start
};

}  // namespace streamlab::kinesis
