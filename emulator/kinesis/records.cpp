// KinesisService: PutRecord(s), GetShardIterator, GetRecords.
#include <algorithm>

#include "emulator/core/iterator_token.h"
#include "emulator/kinesis/stream_model.h"

namespace streamlab::kinesis {
namespace {

Status check_record(std::string_view data, std::string_view partition_key) {
  if (partition_key.empty() || partition_key.size() > 256) {
    return errors::validation(
        "1 validation error detected: Value '" + std::string(partition_key) +
        "' at 'partitionKey' failed to satisfy constraint: Member must have "
        "length " +
        (partition_key.empty() ? "greater than or equal to 1" : "less than or equal to 256"));
  }
  if (data.size() > kMaxRecordDataBytes) {
    return errors::validation(
        "1 validation error detected: Value at 'data' failed to satisfy "
        "constraint: Member must have length less than or equal to 1048576");
  }
  return Status::ok();
}

Status check_get_records_limit(std::size_t limit) {
  if (limit >= 1 && limit <= kMaxGetRecordsLimit) return Status::ok();
  return errors::validation(
      "1 validation error detected: Value '" + std::to_string(limit) +
      "' at 'limit' failed to satisfy constraint: Member must have value " +
      (limit < 1 ? "greater than or equal to 1" : "less than or equal to 10000"));
}

}  // namespace

AwsError KinesisService::throttled(const Stream& stream, const Shard& shard) const {
  return errors::provisioned_throughput_exceeded("Rate exceeded for shard " + shard.id +
                                                 " in stream " + stream.name + " under account " +
                                                 options_.identity.account_id + ".");
}

Result<KinesisService::Shard*> KinesisService::route(
    Stream& stream, std::string_view partition_key,
    const std::optional<std::string>& explicit_hash_key) {
  uint128 key;
  if (explicit_hash_key) {
    auto parsed = parse_hash_key(*explicit_hash_key);
    if (!parsed) {
      return errors::invalid_argument(
          "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
          "Specified value was " +
          *explicit_hash_key);
    }
    key = *parsed;
  } else {
    key = hasher_.hash(partition_key);
  }
  // Open shards cover [0, 2^128-1] without gaps, sorted by start.
  auto it = std::upper_bound(stream.open_shards.begin(), stream.open_shards.end(), key,
                             [](uint128 k, const Shard* shard) { return k < shard->range.start; });
  if (it == stream.open_shards.begin()) std::abort();  // a gap: a broken invariant
  return *(it - 1);
}

SequenceNumber KinesisService::append(Shard& shard, Record record) {
  // Arrival times never decrease within a shard, even if a caller's clock did.
  record.arrival_ms = std::max(to_unix_millis(scheduler_.now()), shard.last_arrival_ms);
  shard.last_arrival_ms = record.arrival_ms;
  const SequenceNumber number{shard.index, record.arrival_ms, shard.log->end()};
  shard.log->append(record);
  return number;
}

Result<PutRecordOutput> KinesisService::put_record(std::string_view stream_name,
                                                   PutRecordInput input) {
  STREAMLAB_RETURN_IF_ERROR(check_record(input.data, input.partition_key));
  if (input.sequence_number_for_ordering) {
    // Numbers already strictly increase per shard, and children of a reshard
    // number above their parents, so the guarantee SequenceNumberForOrdering
    // asks for holds; only its form is checked.
    const auto& text = *input.sequence_number_for_ordering;
    if (text.empty() ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return errors::invalid_argument("ExclusiveMinimumSequenceNumber " + text +
                                      " used in PutRecord on stream " + std::string(stream_name) +
                                      " under account " + options_.identity.account_id +
                                      " is invalid.");
    }
  }
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_writable_stream(stream_name));
  STREAMLAB_ASSIGN_OR_RETURN(Shard * shard,
                             route(*stream, input.partition_key, input.explicit_hash_key));
  const auto bytes = static_cast<std::int64_t>(input.data.size() + input.partition_key.size());
  if (stream->limits_enabled &&
      !shard->write_meter.admit(to_unix_millis(scheduler_.now()), bytes)) {
    return throttled(*stream, *shard);
  }
  return PutRecordOutput{shard->id, append(*shard, Record{input.data, input.partition_key, 0})};
}

Result<PutRecordsOutput> KinesisService::put_records(std::string_view stream_name,
                                                     std::vector<PutRecordsEntry> entries) {
  if (entries.empty() || entries.size() > kMaxPutRecordsCount) {
    return errors::validation(
        "1 validation error detected: Value at 'records' failed to satisfy "
        "constraint: Member must have length " +
        std::string(entries.empty() ? "greater than or equal to 1" : "less than or equal to 500"));
  }
  std::size_t total_bytes = 0;
  for (const auto& entry : entries) {
    STREAMLAB_RETURN_IF_ERROR(check_record(entry.data, entry.partition_key));
    total_bytes += entry.data.size() + entry.partition_key.size();
  }
  if (total_bytes > kMaxPutRecordsBytes) {
    return errors::invalid_argument("Records size exceeds 5 MB limit");
  }
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_writable_stream(stream_name));
  // Route every record first: an invalid hash key fails the whole call.
  std::vector<Shard*> shards(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    STREAMLAB_ASSIGN_OR_RETURN(
        shards[i], route(*stream, entries[i].partition_key, entries[i].explicit_hash_key));
  }
  const std::int64_t now_ms = to_unix_millis(scheduler_.now());
  PutRecordsOutput out;
  out.records.resize(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Shard& shard = *shards[i];
    PutRecordsEntry& entry = entries[i];
    PutRecordsResultEntry& result = out.records[i];
    const auto bytes = static_cast<std::int64_t>(entry.data.size() + entry.partition_key.size());
    if (stream->limits_enabled && !shard.write_meter.admit(now_ms, bytes)) {
      result.error_code = "ProvisionedThroughputExceededException";
      result.error_message = throttled(*stream, shard).message;
      ++out.failed_record_count;
      continue;
    }
    result.shard_id = shard.id;
    result.sequence_number = append(shard, Record{entry.data, entry.partition_key, 0});
  }
  return out;
}

Result<std::string> KinesisService::get_shard_iterator(const GetShardIteratorInput& input) {
  STREAMLAB_ASSIGN_OR_RETURN(Stream * stream, find_writable_stream(input.stream_name));
  STREAMLAB_ASSIGN_OR_RETURN(Shard * shard, find_shard(*stream, input.shard_id));
  trim_expired(*stream, *shard);
  const ShardLog& log = *shard->log;
  const bool by_sequence = input.type == IteratorType::kAtSequenceNumber ||
                           input.type == IteratorType::kAfterSequenceNumber;
  if (by_sequence != input.starting_sequence_number.has_value()) {
    return errors::invalid_argument(
        "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
        "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST or AT_TIMESTAMP and no "
        "StartingSequenceNumber.");
  }
  std::uint64_t position = 0;
  switch (input.type) {
    case IteratorType::kTrimHorizon:
      position = log.begin();
      break;
    case IteratorType::kLatest:
      position = log.end();
      break;
    case IteratorType::kAtSequenceNumber:
    case IteratorType::kAfterSequenceNumber: {
      const auto number = parse_sequence_number(*input.starting_sequence_number);
      if (!number || number->shard_index != shard->index) {
        return errors::invalid_argument(
            "Invalid StartingSequenceNumber. It encodes a different "
            "shard or is not a sequence number of " +
            shard->id + " in stream " + stream->name + " under account " +
            options_.identity.account_id + ".");
      }
      position = number->counter + (input.type == IteratorType::kAfterSequenceNumber ? 1 : 0);
      position = std::clamp(position, log.begin(), log.end());
      break;
    }
    case IteratorType::kAtTimestamp: {
      if (!input.timestamp) {
        return errors::invalid_argument(
            "Must specify timestampInMillis parameter for iterator of "
            "type AT_TIMESTAMP. Current request has no timestamp "
            "parameter.");
      }
      const std::int64_t at_ms = to_unix_millis(*input.timestamp);
      std::uint64_t low = log.begin(), high = log.end();
      while (low < high) {
        const std::uint64_t mid = low + (high - low) / 2;
        if (log.at(mid).arrival_ms < at_ms)
          low = mid + 1;
        else
          high = mid;
      }
      position = low;
      break;
    }
  }
  return make_iterator(*stream, *shard, position);
}

std::string KinesisService::make_iterator(const Stream& stream, const Shard& shard,
                                          std::uint64_t position) const {
  return encode_iterator(IteratorToken{stream.name, stream.incarnation, shard.index, position,
                                       to_unix_millis(scheduler_.now())});
}

std::optional<IteratorToken> KinesisService::decode_shard_iterator(std::string_view text) {
  return decode_iterator(text);
}

Result<GetRecordsOutput> KinesisService::get_records(std::string_view shard_iterator,
                                                     std::size_t limit) {
  // The request's shape is validated before its iterator is read.
  STREAMLAB_RETURN_IF_ERROR(check_get_records_limit(limit));
  const auto token = decode_iterator(shard_iterator);
  if (!token) return errors::invalid_argument("Invalid ShardIterator.");
  auto out = get_records(*token, limit);
  if (out.is_ok() && out->next_token) out->next_shard_iterator = encode_iterator(*out->next_token);
  return out;
}

Result<GetRecordsOutput> KinesisService::get_records(const IteratorToken& token,
                                                     std::size_t limit) {
  STREAMLAB_RETURN_IF_ERROR(check_get_records_limit(limit));
  auto it = streams_.find(token.stream_name);
  if (it == streams_.end() || it->second->incarnation != token.stream_incarnation ||
      token.shard_index >= it->second->shards.size() ||
      it->second->status == StreamStatus::kDeleting) {
    return errors::resource_not_found("Shard " + shard_id_for(token.shard_index) + " in stream " +
                                      token.stream_name + " under account " +
                                      options_.identity.account_id + " does not exist");
  }
  Stream& stream = *it->second;
  Shard& shard = *stream.shards[token.shard_index];
  const std::int64_t now_ms = to_unix_millis(scheduler_.now());
  if (now_ms - token.issued_ms > kIteratorLifetimeMs) {
    return errors::expired_iterator(
        "Iterator expired. The iterator was created at time " +
        format_iso8601_millis(from_unix_millis(token.issued_ms)) + " while right now it is " +
        format_iso8601_millis(scheduler_.now()) +
        " which is further in the future than the tolerated delay of 300000 milliseconds.");
  }
  if (stream.limits_enabled && !shard.read_meter.admit_call(now_ms))
    return throttled(stream, shard);
  trim_expired(stream, shard);
  const ShardLog& log = *shard.log;
  const std::uint64_t end = log.end();
  std::uint64_t next = std::max(token.position, log.begin());
  GetRecordsOutput out;
  if (next < end)
    out.records.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(end - next, limit)));
  std::size_t bytes = 0;
  while (next < end && out.records.size() < limit) {
    const Record& record = log.at(next);
    const std::size_t size = record.data.size() + record.partition_key.size();
    if (!out.records.empty() && bytes + size > kMaxGetRecordsBytes) break;
    bytes += size;
    out.records.push_back(
        RecordView{&record, SequenceNumber{shard.index, record.arrival_ms, next}});
    ++next;
  }
  if (stream.limits_enabled) shard.read_meter.charge(static_cast<std::int64_t>(bytes));
  out.millis_behind_latest = next < end ? now_ms - log.at(next).arrival_ms : 0;
  if (!shard.open && next >= end) {
    for (const auto& child : stream.shards) {
      if (std::find(child->parents.begin(), child->parents.end(), shard.index) ==
          child->parents.end()) {
        continue;
      }
      ChildShard entry{child->id, {}, child->range};
      for (std::uint32_t parent : child->parents)
        entry.parent_shards.push_back(shard_id_for(parent));
      out.child_shards.push_back(std::move(entry));
    }
  } else {
    out.next_token = IteratorToken{stream.name, stream.incarnation, shard.index, next, now_ms};
  }
  return out;
}

}  // namespace streamlab::kinesis
