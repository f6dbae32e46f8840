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
  std::string sequence_number;
  std::string
      ordering_key;  // Kinesis partition key; DynamoDB item keys (for ParallelizationFactor lanes)
  std::int64_t arrival_ms = 0;
  std::size_t size_bytes = 0;
  KinesisRecordPtr kinesis;     // a Kinesis record, typed (its JSON is built only when asked)
  nlohmann::json event_record;  // otherwise: one element of the event's "Records"
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
