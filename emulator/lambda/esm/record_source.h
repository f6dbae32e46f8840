// Internal: where a shard reader gets its records. One implementation reads a
// Kinesis shard (typed records, see event.h), one a DynamoDB stream (AWS's
// event record JSON).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/lambda/event.h"

namespace streamlab::lambda::esm {

struct SourceRecord {
  // A DynamoDB stream record's own sequence number and ordering key (its item
  // keys, for ParallelizationFactor lanes); a Kinesis record's are those of
  // its typed record, not copied.
  std::string own_sequence_number;
  std::string own_ordering_key;
  std::int64_t arrival_ms = 0;
  std::size_t size_bytes = 0;
  KinesisRecordPtr kinesis;     // a Kinesis record, typed (its JSON is built only when asked)
  nlohmann::json event_record;  // otherwise: one element of the event's "Records"

  std::string_view sequence_number() const {
    return kinesis ? std::string_view(kinesis->sequence_number) : own_sequence_number;
  }
  // Kinesis: the partition key.
  std::string_view ordering_key() const {
    return kinesis ? std::string_view(kinesis->partition_key) : own_ordering_key;
  }
};

class RecordSource {
 public:
  struct Fetch {
    std::vector<SourceRecord> records;
    bool end_of_shard = false;  // a closed shard read to its end: no more records will come
  };
  virtual ~RecordSource() = default;
  virtual const std::string& shard_id() const = 0;
  // Reads up to `max_records` from the cursor and advances it. Errors
  // (throttling) return no records; the reader tries again at its next poll.
  virtual Fetch fetch(std::size_t max_records) = 0;
  // "KinesisBatchInfo" or "DDBStreamBatchInfo" for OnFailure records.
  virtual const char* batch_info_name() const = 0;
  virtual const std::string& source_arn() const = 0;
};

}  // namespace streamlab::lambda::esm
