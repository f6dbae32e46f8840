// Event source mapping settings and descriptions (Lambda API reference,
// CreateEventSourceMapping), for Kinesis streams and DynamoDB streams.
#pragma once

#include <optional>
#include <string>

#include "emulator/core/time.h"

namespace streamlab::lambda::esm {

enum class StartingPosition { kTrimHorizon, kLatest, kAtTimestamp };
enum class MappingState {
  kCreating,
  kEnabling,
  kEnabled,
  kDisabling,
  kDisabled,
  kUpdating,
  kDeleting
};
const char* to_string(MappingState state);
const char* to_string(StartingPosition position);

struct MappingConfig {
  std::string function_name;                             // name or ARN
  std::string event_source_arn;                          // a Kinesis stream or a DynamoDB stream
  std::size_t batch_size = 100;                          // 1..10,000
  Duration maximum_batching_window = Duration{0};        // 0..300 s
  std::optional<StartingPosition> starting_position;     // required
  std::optional<TimePoint> starting_position_timestamp;  // AT_TIMESTAMP
  bool enabled = true;
  int parallelization_factor = 1;       // 1..10
  int maximum_retry_attempts = -1;      // -1 = until the records expire; 0..10,000
  int maximum_record_age_seconds = -1;  // -1 = no limit (the stream's retention); 60..604,800
  bool bisect_batch_on_function_error = false;
  bool report_batch_item_failures = false;  // FunctionResponseTypes: [ReportBatchItemFailures]
  std::string on_failure_destination;  // ARN of a Kinesis stream or a Lambda function; "" for none
  // Settings streamlab does not model; set ones are refused, never ignored.
  std::optional<int> tumbling_window_seconds;
  bool filter_criteria = false;
};

struct MappingDescription {
  std::string uuid;
  MappingConfig config;
  std::string function_arn;
  MappingState state = MappingState::kCreating;
  TimePoint last_modified;
  std::string last_processing_result = "No records processed";
};

// What a mapping has done, for tests and the harness.
struct MappingStats {
  std::size_t invocations = 0;
  std::size_t failed_invocations = 0;
  std::size_t records_delivered =
      0;  // records in batches that succeeded (or were checkpointed past)
  std::size_t records_discarded = 0;  // sent to OnFailure (or dropped) after retries/age
  std::size_t bisections = 0;
  std::size_t max_concurrent_batches_per_shard = 0;
  // Batches started while another batch of the same shard was in flight.
  std::size_t concurrent_batch_starts = 0;
  // Child shards of a reshard started once the parents this mapping read were
  // read to their end (consumers finish a parent before its children:
  // DESIGN.md §2; Kinesis DescribeStream, "use ParentShardId to track lineage").
  std::size_t child_shards_started_after_parents = 0;
};

}  // namespace streamlab::lambda::esm
