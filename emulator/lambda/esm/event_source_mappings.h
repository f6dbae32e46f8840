// Lambda event source mappings for Kinesis streams and DynamoDB streams:
// Create/Update/Delete/Get/List with AWS's states on the virtual clock, and
// the pollers that invoke functions (see shard_reader.h for the semantics).
//
// Kinesis shards are read parent before child: a shard created by a reshard
// starts (at TRIM_HORIZON) once all its parents were read to their end.
//
// Thread-safety: none; call it on the scheduler's thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/aws_identity.h"
#include "emulator/core/status.h"
#include "emulator/lambda/esm/mapping_config.h"
#include "emulator/lambda/lambda_service.h"

namespace streamlab::lambda::esm {

// Fields of UpdateEventSourceMapping; unset ones stay as they are.
struct MappingUpdate {
  std::optional<std::string> function_name;
  std::optional<std::size_t> batch_size;
  std::optional<Duration> maximum_batching_window;
  std::optional<bool> enabled;
  std::optional<int> parallelization_factor;
  std::optional<int> maximum_retry_attempts;
  std::optional<int> maximum_record_age_seconds;
  std::optional<bool> bisect_batch_on_function_error;
  std::optional<bool> report_batch_item_failures;
  std::optional<std::string> on_failure_destination;
};

class EventSourceMappings {
 public:
  EventSourceMappings(Scheduler& scheduler, AwsIdentity identity, LambdaService& lambda,
                      kinesis::KinesisService* kinesis, dynamodb::DynamoDbService* dynamodb);
  ~EventSourceMappings();
  EventSourceMappings(const EventSourceMappings&) = delete;
  EventSourceMappings& operator=(const EventSourceMappings&) = delete;

  Result<MappingDescription> create(MappingConfig config);
  Result<MappingDescription> update(std::string_view uuid, const MappingUpdate& update);
  Result<MappingDescription> remove(std::string_view uuid);
  Result<MappingDescription> get(std::string_view uuid) const;
  // Optionally filtered by function (name or ARN) and source ARN.
  std::vector<MappingDescription> list(std::string_view function = {},
                                       std::string_view source_arn = {}) const;

  Result<MappingStats> stats(std::string_view uuid) const;

  // How long Creating, Updating and Deleting last.
  void set_transition_delay(Duration delay) { transition_delay_ = delay; }

 private:
  struct Mapping;
  Status validate(const MappingConfig& config) const;
  void activate(Mapping& mapping);
  void start_kinesis(Mapping& mapping);
  void start_ready_kinesis_shards(Mapping& mapping);
  void start_dynamodb(Mapping& mapping);
  void deliver_failure(const Mapping& mapping, nlohmann::json record);
  MappingDescription describe(const Mapping& mapping) const;

  Scheduler& scheduler_;
  AwsIdentity identity_;
  LambdaService& lambda_;
  kinesis::KinesisService* kinesis_;
  dynamodb::DynamoDbService* dynamodb_;
  Duration transition_delay_ = std::chrono::seconds(1);
  std::map<std::string, std::unique_ptr<Mapping>, std::less<>> mappings_;
};

}  // namespace streamlab::lambda::esm
