// KinesisService: stream lifecycle, description, retention and tags.
// Records are in records.cpp, resharding in resharding.cpp.
#include "emulator/kinesis/kinesis_service.h"

#include <cstdio>

#include "emulator/kinesis/stream_model.h"

namespace streamlab::kinesis {

const char* to_string(StreamStatus status) {
  switch (status) {
    case StreamStatus::kCreating:
      return "CREATING";
    case StreamStatus::kActive:
      return "ACTIVE";
    case StreamStatus::kUpdating:
      return "UPDATING";
    case StreamStatus::kDeleting:
      return "DELETING";
  }
  return "UNKNOWN";
}

KinesisService::KinesisService(Scheduler& scheduler, KinesisOptions options,
                               std::unique_ptr<KinesisStore> store)
    : scheduler_(scheduler),
      options_(std::move(options)),
      store_(store ? std::move(store) : make_memory_kinesis_store()) {}

KinesisService::~KinesisService() = default;

std::string KinesisService::shard_id_for(std::uint32_t shard_index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "shardId-%012u", shard_index);
  return buf;
}

AwsError KinesisService::stream_not_found(std::string_view name) const {
  return errors::resource_not_found("Stream " + std::string(name) + " under account " +
                                    options_.identity.account_id + " not found.");
}

Result<KinesisService::Stream*> KinesisService::find_stream(std::string_view name) const {
  auto it = streams_.find(name);
  if (it == streams_.end()) return stream_not_found(name);
  return it->second.get();
}

// Records can be written and read while a stream is ACTIVE or UPDATING.
Result<KinesisService::Stream*> KinesisService::find_writable_stream(std::string_view name) const {
  auto it = streams_.find(name);
  if (it == streams_.end() || it->second->status == StreamStatus::kCreating ||
      it->second->status == StreamStatus::kDeleting) {
    return stream_not_found(name);
  }
  return it->second.get();
}

// Changes to a stream's shards or settings need it ACTIVE.
Result<KinesisService::Stream*> KinesisService::find_stream_for_update(
    std::string_view name) const {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream(name));
  if (stream->status != StreamStatus::kActive) {
    return errors::resource_in_use("Stream " + stream->name + " under account " +
                                   options_.identity.account_id + " not ACTIVE, instead in state " +
                                   to_string(stream->status));
  }
  return stream;
}

Result<KinesisService::Shard*> KinesisService::find_shard(Stream& stream,
                                                          std::string_view shard_id) const {
  for (auto& shard : stream.shards) {
    if (shard->id == shard_id) return shard.get();
  }
  return errors::resource_not_found("Shard " + std::string(shard_id) + " in stream " + stream.name +
                                    " under account " + options_.identity.account_id +
                                    " does not exist");
}

KinesisService::Shard& KinesisService::add_shard(Stream& stream, HashKeyRange range,
                                                 std::vector<std::uint32_t> parents) {
  auto shard = std::make_unique<Shard>();
  shard->index = static_cast<std::uint32_t>(stream.shards.size());
  shard->id = shard_id_for(shard->index);
  shard->range = range;
  shard->parents = std::move(parents);
  shard->created_ms = to_unix_millis(scheduler_.now());
  shard->last_arrival_ms = shard->created_ms;
  shard->starting = SequenceNumber{shard->index, shard->created_ms, 0};
  shard->log = store_->open_shard_log(stream.name, shard->index);
  stream.shards.push_back(std::move(shard));
  return *stream.shards.back();
}

void KinesisService::close_shard(Shard& shard) {
  shard.open = false;
  const std::uint64_t end = shard.log->end();
  shard.ending =
      end == 0 ? shard.starting : SequenceNumber{shard.index, shard.last_arrival_ms, end - 1};
}

void KinesisService::rebuild_open_shards(Stream& stream) {
  stream.open_shards.clear();
  for (auto& shard : stream.shards) {
    if (shard->open) stream.open_shards.push_back(shard.get());
  }
  std::sort(stream.open_shards.begin(), stream.open_shards.end(),
            [](const Shard* a, const Shard* b) { return a->range.start < b->range.start; });
}

std::uint32_t KinesisService::open_shards_in_account() const {
  std::uint32_t count = 0;
  for (const auto& [name, stream] : streams_) {
    count += static_cast<std::uint32_t>(stream->open_shards.size());
  }
  return count;
}

Status KinesisService::create_stream(std::string_view name, std::uint32_t shard_count) {
  if (shard_count < 1) {
    return errors::validation("1 validation error detected: Value '" + std::to_string(shard_count) +
                              "' at 'shardCount' failed to satisfy constraint: Member must have "
                              "value greater than or equal to 1");
  }
  if (streams_.count(name) != 0) {
    return errors::resource_in_use("Stream " + std::string(name) + " under account " +
                                   options_.identity.account_id + " already exists.");
  }
  const std::uint32_t open = open_shards_in_account();
  if (open + shard_count > options_.shard_limit) {
    return errors::limit_exceeded(
        "This request would exceed the shard limit for the account " +
        options_.identity.account_id + " in " + options_.identity.region +
        ". Current shard count for the account: " + std::to_string(open) +
        ". Limit: " + std::to_string(options_.shard_limit) +
        ". Number of additional shards that would have resulted from this request: " +
        std::to_string(shard_count) + ".");
  }
  auto stream = std::make_unique<Stream>();
  stream->name = std::string(name);
  stream->arn = options_.identity.kinesis_stream_arn(name);
  stream->incarnation = next_incarnation_++;
  stream->created = scheduler_.now();
  stream->limits_enabled = options_.limits_enabled;
  for (const HashKeyRange& range : split_evenly(shard_count)) add_shard(*stream, range, {});
  rebuild_open_shards(*stream);
  Stream& created = *stream;
  streams_.emplace(stream->name, std::move(stream));
  const std::uint64_t incarnation = created.incarnation;
  scheduler_.schedule_after(options_.create_delay, "kinesis CreateStream " + created.name,
                            [this, name = created.name, incarnation] {
                              auto it = streams_.find(name);
                              if (it == streams_.end() || it->second->incarnation != incarnation)
                                return;
                              if (it->second->status == StreamStatus::kCreating) {
                                it->second->status = StreamStatus::kActive;
                                scheduler_.note("stream " + name + " ACTIVE");
                              }
                            });
  return Status::ok();
}

Status KinesisService::delete_stream(std::string_view name) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream(name));
  if (stream->status == StreamStatus::kDeleting) return Status::ok();
  stream->status = StreamStatus::kDeleting;
  const std::uint64_t incarnation = stream->incarnation;
  scheduler_.schedule_after(options_.delete_delay, "kinesis DeleteStream " + stream->name,
                            [this, name = stream->name, incarnation] {
                              auto it = streams_.find(name);
                              if (it == streams_.end() || it->second->incarnation != incarnation)
                                return;
                              streams_.erase(it);
                              store_->drop_stream(name);
                              scheduler_.note("stream " + name + " deleted");
                            });
  return Status::ok();
}

ShardDescription KinesisService::describe_shard(const Shard& shard) const {
  ShardDescription out;
  out.shard_id = shard.id;
  if (!shard.parents.empty()) out.parent_shard_id = shard_id_for(shard.parents[0]);
  if (shard.parents.size() > 1) out.adjacent_parent_shard_id = shard_id_for(shard.parents[1]);
  out.hash_key_range = shard.range;
  out.starting_sequence_number = format_sequence_number(shard.starting);
  if (shard.ending) out.ending_sequence_number = format_sequence_number(*shard.ending);
  return out;
}

Result<StreamDescription> KinesisService::describe_stream(std::string_view name) const {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream(name));
  StreamDescription out;
  out.stream_name = stream->name;
  out.stream_arn = stream->arn;
  out.status = stream->status;
  out.retention_period_hours = stream->retention_hours;
  out.created = stream->created;
  out.limits_enabled = stream->limits_enabled;
  out.open_shard_count = static_cast<std::uint32_t>(stream->open_shards.size());
  for (const auto& shard : stream->shards) out.shards.push_back(describe_shard(*shard));
  return out;
}

std::vector<std::string> KinesisService::list_streams() const {
  std::vector<std::string> names;
  for (const auto& [name, stream] : streams_) names.push_back(name);
  return names;
}

Result<std::string> KinesisService::stream_name_from_arn(std::string_view arn) const {
  ParsedArn parsed;
  const std::string prefix = "stream/";
  if (!parse_arn(arn, parsed) || parsed.service != "kinesis" ||
      parsed.resource.compare(0, prefix.size(), prefix) != 0 ||
      parsed.resource.size() == prefix.size()) {
    return errors::invalid_argument("Invalid StreamARN: " + std::string(arn));
  }
  std::string name = parsed.resource.substr(prefix.size());
  if (parsed.account_id != options_.identity.account_id ||
      parsed.region != options_.identity.region) {
    return stream_not_found(name);
  }
  return name;
}

Status KinesisService::set_limits_enabled(std::string_view name, bool enabled) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream(name));
  stream->limits_enabled = enabled;
  return Status::ok();
}

void KinesisService::trim_expired(Stream& stream, Shard& shard) {
  const std::int64_t cutoff_ms =
      to_unix_millis(scheduler_.now()) - std::int64_t{stream.retention_hours} * 3'600'000;
  ShardLog& log = *shard.log;
  std::uint64_t first = log.begin();
  const std::uint64_t end = log.end();
  if (first == end || log.at(first).arrival_ms >= cutoff_ms) return;
  // Arrival times never decrease within a shard: binary search the cut.
  std::uint64_t low = first, high = end;
  while (low < high) {
    const std::uint64_t mid = low + (high - low) / 2;
    if (log.at(mid).arrival_ms < cutoff_ms)
      low = mid + 1;
    else
      high = mid;
  }
  log.trim_to(low);
}

Status KinesisService::increase_retention_period(std::string_view name, int hours) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream_for_update(name));
  if (hours > kMaxRetentionHours) {
    return errors::invalid_argument(
        "Maximum allowed retention period is 8760 hours. Requested "
        "retention period (" +
        std::to_string(hours) + " hours) is too long.");
  }
  if (hours < stream->retention_hours) {
    return errors::invalid_argument(
        "Requested retention period (" + std::to_string(hours) + " hours) for stream " +
        stream->name + " can not be shorter than existing retention period (" +
        std::to_string(stream->retention_hours) + " hours). Use DecreaseRetentionPeriod API.");
  }
  stream->retention_hours = hours;
  return Status::ok();
}

Status KinesisService::decrease_retention_period(std::string_view name, int hours) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream_for_update(name));
  if (hours < kDefaultRetentionHours) {
    return errors::invalid_argument(
        "Minimum allowed retention period is 24 hours. Requested "
        "retention period (" +
        std::to_string(hours) + " hours) is too short.");
  }
  if (hours > stream->retention_hours) {
    return errors::invalid_argument(
        "Requested retention period (" + std::to_string(hours) + " hours) for stream " +
        stream->name + " can not be longer than existing retention period (" +
        std::to_string(stream->retention_hours) + " hours). Use IncreaseRetentionPeriod API.");
  }
  stream->retention_hours = hours;
  for (auto& shard : stream->shards) trim_expired(*stream, *shard);
  return Status::ok();
}

Status KinesisService::add_tags(std::string_view name,
                                const std::map<std::string, std::string>& tags) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream(name));
  std::map<std::string, std::string> merged = stream->tags;
  for (const auto& [key, value] : tags) merged[key] = value;
  if (merged.size() > 50) {
    return errors::invalid_argument("Failed to add tags to stream " + stream->name +
                                    " under account " + options_.identity.account_id +
                                    " because a given stream cannot have more than 50 tags "
                                    "associated with it.");
  }
  stream->tags = std::move(merged);
  return Status::ok();
}

Status KinesisService::remove_tags(std::string_view name, const std::vector<std::string>& keys) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream(name));
  for (const auto& key : keys) stream->tags.erase(key);
  return Status::ok();
}

Result<std::map<std::string, std::string>> KinesisService::list_tags(std::string_view name) const {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_stream(name));
  return stream->tags;
}

}  // namespace streamlab::kinesis
