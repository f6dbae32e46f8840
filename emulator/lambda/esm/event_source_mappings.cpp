#include "emulator/lambda/esm/event_source_mappings.h"

#include <set>

#include "emulator/core/ids.h"
#include "emulator/dynamodb/dynamodb_service.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/lambda/esm/shard_reader.h"
#include "emulator/lambda/esm/sources.h"

namespace streamlab::lambda::esm {

const char* to_string(MappingState state) {
  switch (state) {
    case MappingState::kCreating:
      return "Creating";
    case MappingState::kEnabling:
      return "Enabling";
    case MappingState::kEnabled:
      return "Enabled";
    case MappingState::kDisabling:
      return "Disabling";
    case MappingState::kDisabled:
      return "Disabled";
    case MappingState::kUpdating:
      return "Updating";
    case MappingState::kDeleting:
      return "Deleting";
  }
  return "?";
}

const char* to_string(StartingPosition position) {
  switch (position) {
    case StartingPosition::kTrimHorizon:
      return "TRIM_HORIZON";
    case StartingPosition::kLatest:
      return "LATEST";
    case StartingPosition::kAtTimestamp:
      return "AT_TIMESTAMP";
  }
  return "?";
}

struct EventSourceMappings::Mapping {
  MappingDescription description;
  MappingStats stats;
  bool kinesis_source = true;
  std::string stream_name;                                      // Kinesis
  std::map<std::string, std::unique_ptr<ShardReader>> readers;  // by shard id
  std::set<std::string> finished_shards;
  std::set<std::string> skipped_shards;  // closed before a LATEST mapping started: never read
  bool started = false;
};

EventSourceMappings::EventSourceMappings(Scheduler& scheduler, AwsIdentity identity,
                                         LambdaService& lambda, kinesis::KinesisService* kinesis,
                                         dynamodb::DynamoDbService* dynamodb)
    : scheduler_(scheduler),
      identity_(std::move(identity)),
      lambda_(lambda),
      kinesis_(kinesis),
      dynamodb_(dynamodb) {}

EventSourceMappings::~EventSourceMappings() = default;

namespace {
AwsError invalid(const std::string& message) {
  return errors::make("InvalidParameterValueException", message);
}
}  // namespace

Status EventSourceMappings::validate(const MappingConfig& config) const {
  if (config.tumbling_window_seconds) {
    return invalid(
        "streamlab does not emulate TumblingWindowInSeconds; remove it from the mapping");
  }
  if (config.filter_criteria)
    return invalid("streamlab does not emulate FilterCriteria yet; remove it from the mapping");
  if (config.batch_size < 1 || config.batch_size > 10000)
    return invalid("BatchSize must be between 1 and 10000");
  if (config.maximum_batching_window < Duration{0} ||
      config.maximum_batching_window > std::chrono::seconds(300)) {
    return invalid("MaximumBatchingWindowInSeconds must be between 0 and 300");
  }
  if (config.parallelization_factor < 1 || config.parallelization_factor > 10) {
    return invalid("ParallelizationFactor must be between 1 and 10");
  }
  if (config.maximum_retry_attempts < -1 || config.maximum_retry_attempts > 10000) {
    return invalid("MaximumRetryAttempts must be between -1 and 10000");
  }
  if (config.maximum_record_age_seconds != -1 &&
      (config.maximum_record_age_seconds < 60 || config.maximum_record_age_seconds > 604800)) {
    return invalid("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800");
  }
  if (!config.on_failure_destination.empty()) {
    ParsedArn arn;
    if (!parse_arn(config.on_failure_destination, arn) ||
        (arn.service != "kinesis" && arn.service != "lambda")) {
      return invalid(
          "streamlab delivers OnFailure records to a Kinesis stream or a Lambda function ARN; "
          "got " +
          config.on_failure_destination);
    }
  }
  return Status::ok();
}

Result<MappingDescription> EventSourceMappings::create(MappingConfig config) {
  STREAMLAB_RETURN_IF_ERROR(validate(config));
  STREAMLAB_ASSIGN_OR_RETURN(std::string function,
                             lambda_.function_name_from(config.function_name));
  if (!config.starting_position) {
    return invalid("StartingPosition is required for Kinesis and DynamoDB stream event sources");
  }
  if (*config.starting_position == StartingPosition::kAtTimestamp &&
      !config.starting_position_timestamp) {
    return invalid("StartingPositionTimestamp is required when StartingPosition is AT_TIMESTAMP");
  }
  auto mapping = std::make_unique<Mapping>();
  ParsedArn arn;
  if (!parse_arn(config.event_source_arn, arn))
    return invalid("Invalid EventSourceArn: " + config.event_source_arn);
  if (arn.service == "kinesis") {
    if (!kinesis_) return invalid("No Kinesis emulator is attached");
    STREAMLAB_ASSIGN_OR_RETURN(mapping->stream_name,
                               kinesis_->stream_name_from_arn(config.event_source_arn));
    STREAMLAB_RETURN_IF_ERROR(kinesis_->describe_stream(mapping->stream_name).status());
  } else if (arn.service == "dynamodb" && arn.resource.find("/stream/") != std::string::npos) {
    if (!dynamodb_ || !dynamodb_->stream(config.event_source_arn)) {
      return errors::resource_not_found("Stream not found: " + config.event_source_arn);
    }
    mapping->kinesis_source = false;
  } else {
    return invalid(
        "streamlab maps Kinesis streams and DynamoDB streams; unsupported EventSourceArn: " +
        config.event_source_arn);
  }
  config.function_name = function;
  mapping->description.uuid = make_uuid(scheduler_.random());
  mapping->description.function_arn = identity_.lambda_function_arn(function);
  mapping->description.config = std::move(config);
  mapping->description.state = MappingState::kCreating;
  mapping->description.last_modified = scheduler_.now();
  Mapping& created = *mapping;
  const std::string uuid = mapping->description.uuid;
  mappings_.emplace(uuid, std::move(mapping));
  // LATEST means "from when the mapping was created".
  if (created.kinesis_source &&
      *created.description.config.starting_position == StartingPosition::kLatest) {
    start_kinesis(created);
  }
  scheduler_.schedule_after(transition_delay_, "esm create " + uuid, [this, uuid] {
    auto it = mappings_.find(uuid);
    if (it == mappings_.end() || it->second->description.state != MappingState::kCreating) return;
    activate(*it->second);
  });
  return describe(created);
}

void EventSourceMappings::activate(Mapping& mapping) {
  mapping.description.state =
      mapping.description.config.enabled ? MappingState::kEnabled : MappingState::kDisabled;
  if (scheduler_.tracing())
    scheduler_.note("esm " + mapping.description.uuid + " " + to_string(mapping.description.state));
  if (!mapping.started) {
    if (mapping.kinesis_source) {
      start_kinesis(mapping);
    } else {
      start_dynamodb(mapping);
    }
  }
}

void EventSourceMappings::start_kinesis(Mapping& mapping) {
  if (mapping.started) return;
  mapping.started = true;
  auto stream = kinesis_->describe_stream(mapping.stream_name);
  if (!stream.is_ok()) return;
  if (*mapping.description.config.starting_position == StartingPosition::kLatest) {
    for (const auto& shard : stream->shards) {
      if (shard.ending_sequence_number) mapping.skipped_shards.insert(shard.shard_id);
    }
  }
  start_ready_kinesis_shards(mapping);
}

// Starts every shard not yet started whose parents are all finished (or were
// skipped). Children of a reshard start at TRIM_HORIZON.
void EventSourceMappings::start_ready_kinesis_shards(Mapping& mapping) {
  auto stream = kinesis_->describe_stream(mapping.stream_name);
  if (!stream.is_ok()) return;
  const MappingConfig& config = mapping.description.config;
  for (const auto& shard : stream->shards) {
    if (mapping.readers.count(shard.shard_id) || mapping.skipped_shards.count(shard.shard_id))
      continue;
    bool parents_done = true;
    bool child_of_read_shard = false;  // a parent was read by this mapping
    for (const auto* parent : {&shard.parent_shard_id, &shard.adjacent_parent_shard_id}) {
      if (!*parent) continue;
      if (mapping.finished_shards.count(**parent)) {
        child_of_read_shard = true;
      } else if (!mapping.skipped_shards.count(**parent)) {
        parents_done = false;
      }
    }
    if (!parents_done) continue;
    // Shards the mapping starts with use its StartingPosition; children of a
    // shard it read continue from their beginning.
    kinesis::IteratorType start = kinesis::IteratorType::kTrimHorizon;
    std::optional<TimePoint> timestamp;
    if (!child_of_read_shard) {
      if (*config.starting_position == StartingPosition::kLatest)
        start = kinesis::IteratorType::kLatest;
      if (*config.starting_position == StartingPosition::kAtTimestamp) {
        start = kinesis::IteratorType::kAtTimestamp;
        timestamp = config.starting_position_timestamp;
      }
    }
    auto function = lambda_.get_function(config.function_name);
    const std::string role =
        function.is_ok() ? function->config.role : identity_.iam_role_arn("lambda-role");
    auto source = make_kinesis_source(*kinesis_, mapping.stream_name, config.event_source_arn,
                                      shard.shard_id, start, timestamp, role, identity_.region);
    Mapping* owner = &mapping;
    const std::string shard_id = shard.shard_id;
    ReaderEnvironment environment{
        &scheduler_,
        &lambda_,
        &mapping.description.config,
        mapping.description.function_arn,
        &mapping.stats,
        &mapping.description.last_processing_result,
        std::chrono::seconds(1),
        [owner] { return owner->description.state == MappingState::kEnabled; },
        [this, owner](nlohmann::json record) { deliver_failure(*owner, std::move(record)); }};
    auto reader = std::make_unique<ShardReader>(
        std::move(environment), std::move(source), [this, owner, shard_id] {
          owner->finished_shards.insert(shard_id);
          // Children may be waiting for this parent; start them in a step of their own.
          scheduler_.post("esm lineage " + shard_id, [this, uuid = owner->description.uuid] {
            auto it = mappings_.find(uuid);
            if (it != mappings_.end()) start_ready_kinesis_shards(*it->second);
          });
        });
    ShardReader& started = *reader;
    mapping.readers.emplace(shard.shard_id, std::move(reader));
    if (child_of_read_shard) ++mapping.stats.child_shards_started_after_parents;
    started.start();
  }
}

void EventSourceMappings::start_dynamodb(Mapping& mapping) {
  mapping.started = true;
  const MappingConfig& config = mapping.description.config;
  auto source = make_dynamodb_source(*dynamodb_, config.event_source_arn, *config.starting_position,
                                     config.starting_position_timestamp, identity_.region);
  Mapping* owner = &mapping;
  ReaderEnvironment environment{
      &scheduler_,
      &lambda_,
      &mapping.description.config,
      mapping.description.function_arn,
      &mapping.stats,
      &mapping.description.last_processing_result,
      std::chrono::milliseconds(250),  // DynamoDB streams are polled 4 times a second
      [owner] { return owner->description.state == MappingState::kEnabled; },
      [this, owner](nlohmann::json record) { deliver_failure(*owner, std::move(record)); }};
  const std::string shard_id = source->shard_id();
  auto reader =
      std::make_unique<ShardReader>(std::move(environment), std::move(source),
                                    [owner, shard_id] { owner->finished_shards.insert(shard_id); });
  ShardReader& started = *reader;
  mapping.readers.emplace(shard_id, std::move(reader));
  started.start();
}

void EventSourceMappings::deliver_failure(const Mapping& mapping, nlohmann::json record) {
  const std::string& destination = mapping.description.config.on_failure_destination;
  ParsedArn arn;
  if (!parse_arn(destination, arn)) return;
  if (scheduler_.tracing()) scheduler_.note("esm OnFailure -> " + destination);
  if (arn.service == "kinesis" && kinesis_) {
    auto stream = kinesis_->stream_name_from_arn(destination);
    if (stream.is_ok()) {
      const std::string key = record
                                  .value("KinesisBatchInfo", record.value("DDBStreamBatchInfo",
                                                                          nlohmann::json::object()))
                                  .value("shardId", std::string("failure"));
      (void)kinesis_->put_record(*stream, {record.dump(), key, std::nullopt, std::nullopt});
    }
  } else if (arn.service == "lambda") {
    (void)lambda_.invoke_event(destination, std::move(record));
  }
}

Result<MappingDescription> EventSourceMappings::update(std::string_view uuid,
                                                       const MappingUpdate& update) {
  auto it = mappings_.find(uuid);
  if (it == mappings_.end()) {
    return errors::resource_not_found(
        "The resource you requested does not exist. (Service: Lambda, Status Code: 404)");
  }
  Mapping& mapping = *it->second;
  if (mapping.description.state == MappingState::kCreating ||
      mapping.description.state == MappingState::kUpdating ||
      mapping.description.state == MappingState::kDeleting) {
    return errors::make("ResourceInUseException",
                        "Cannot update the event source mapping because it is in use (state " +
                            std::string(to_string(mapping.description.state)) + ")");
  }
  MappingConfig next = mapping.description.config;
  if (update.function_name) {
    STREAMLAB_ASSIGN_OR_RETURN(next.function_name,
                               lambda_.function_name_from(*update.function_name));
  }
  if (update.batch_size) next.batch_size = *update.batch_size;
  if (update.maximum_batching_window)
    next.maximum_batching_window = *update.maximum_batching_window;
  if (update.enabled) next.enabled = *update.enabled;
  if (update.parallelization_factor) next.parallelization_factor = *update.parallelization_factor;
  if (update.maximum_retry_attempts) next.maximum_retry_attempts = *update.maximum_retry_attempts;
  if (update.maximum_record_age_seconds)
    next.maximum_record_age_seconds = *update.maximum_record_age_seconds;
  if (update.bisect_batch_on_function_error)
    next.bisect_batch_on_function_error = *update.bisect_batch_on_function_error;
  if (update.report_batch_item_failures)
    next.report_batch_item_failures = *update.report_batch_item_failures;
  if (update.on_failure_destination) next.on_failure_destination = *update.on_failure_destination;
  STREAMLAB_RETURN_IF_ERROR(validate(next));
  if (next.parallelization_factor != mapping.description.config.parallelization_factor &&
      mapping.started) {
    return invalid(
        "streamlab cannot change ParallelizationFactor of a running mapping yet; delete and "
        "re-create it");
  }
  mapping.description.config = std::move(next);
  mapping.description.function_arn =
      identity_.lambda_function_arn(mapping.description.config.function_name);
  mapping.description.last_modified = scheduler_.now();
  mapping.description.state = MappingState::kUpdating;
  scheduler_.schedule_after(
      transition_delay_, "esm update " + std::string(uuid), [this, id = std::string(uuid)] {
        auto found = mappings_.find(id);
        if (found == mappings_.end() || found->second->description.state != MappingState::kUpdating)
          return;
        activate(*found->second);
      });
  return describe(mapping);
}

Result<MappingDescription> EventSourceMappings::remove(std::string_view uuid) {
  auto it = mappings_.find(uuid);
  if (it == mappings_.end()) {
    return errors::resource_not_found(
        "The resource you requested does not exist. (Service: Lambda, Status Code: 404)");
  }
  Mapping& mapping = *it->second;
  mapping.description.state = MappingState::kDeleting;
  for (auto& [shard, reader] : mapping.readers) reader->stop();
  MappingDescription out = describe(mapping);
  scheduler_.schedule_after(transition_delay_, "esm delete " + std::string(uuid),
                            [this, id = std::string(uuid)] { mappings_.erase(id); });
  return out;
}

Result<MappingDescription> EventSourceMappings::get(std::string_view uuid) const {
  auto it = mappings_.find(uuid);
  if (it == mappings_.end()) {
    return errors::resource_not_found(
        "The resource you requested does not exist. (Service: Lambda, Status Code: 404)");
  }
  return describe(*it->second);
}

std::vector<MappingDescription> EventSourceMappings::list(std::string_view function,
                                                          std::string_view source_arn) const {
  std::string function_name;
  if (!function.empty()) {
    auto resolved = lambda_.function_name_from(function);
    function_name = resolved.is_ok() ? *resolved : std::string(function);
  }
  std::vector<MappingDescription> out;
  for (const auto& [uuid, mapping] : mappings_) {
    if (!function_name.empty() && mapping->description.config.function_name != function_name)
      continue;
    if (!source_arn.empty() && mapping->description.config.event_source_arn != source_arn) continue;
    out.push_back(describe(*mapping));
  }
  return out;
}

Result<MappingStats> EventSourceMappings::stats(std::string_view uuid) const {
  auto it = mappings_.find(uuid);
  if (it == mappings_.end())
    return errors::resource_not_found("No such event source mapping: " + std::string(uuid));
  return it->second->stats;
}

MappingDescription EventSourceMappings::describe(const Mapping& mapping) const {
  return mapping.description;
}

}  // namespace streamlab::lambda::esm
