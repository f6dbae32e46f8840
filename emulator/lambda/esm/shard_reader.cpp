#include "emulator/lambda/esm/shard_reader.h"

#include <algorithm>

namespace streamlab::lambda::esm {
namespace {

constexpr std::size_t kMaxQueuedRecords = 10000;  // per shard, across lanes
constexpr std::size_t kMaxPayloadBytes =
    std::size_t{6} * 1024 * 1024;  // synchronous invocation payload limit
constexpr Duration kRetryDelay =
    std::chrono::seconds(1);  // a failed batch is retried at the next poll

std::uint64_t lane_hash(std::string_view key) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : key) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

ShardReader::ShardReader(ReaderEnvironment environment, std::unique_ptr<RecordSource> source,
                         std::function<void()> on_done)
    : env_(std::move(environment)), source_(std::move(source)), on_done_(std::move(on_done)) {
  lanes_.resize(static_cast<std::size_t>(std::max(1, env_.config->parallelization_factor)));
  for (std::size_t i = 0; i < lanes_.size(); ++i) lanes_[i].index = i;
}

ShardReader::~ShardReader() { *alive_ = false; }

void ShardReader::start() { poll(); }

std::size_t ShardReader::queued() const {
  std::size_t total = 0;
  for (const auto& lane : lanes_) total += lane.queue.size();
  return total;
}

std::size_t ShardReader::in_flight() const {
  std::size_t total = 0;
  for (const auto& lane : lanes_) total += lane.in_flight ? 1 : 0;
  return total;
}

void ShardReader::poll() {
  poll_scheduled_ = false;
  if (!*alive_ || done_) return;
  if (env_.enabled() && !end_of_shard_ && queued() < kMaxQueuedRecords) {
    auto fetched = source_->fetch(kMaxQueuedRecords - queued());
    for (auto& record : fetched.records) {
      Lane& lane = lanes_[lane_hash(record.ordering_key()) % lanes_.size()];
      lane.queue.push_back(std::move(record));
    }
    end_of_shard_ = fetched.end_of_shard;
    if (env_.scheduler->tracing() && !fetched.records.empty()) {
      env_.scheduler->note("esm " + source_->shard_id() + " fetched " +
                           std::to_string(fetched.records.size()));
    }
  }
  if (env_.enabled()) dispatch();
  maybe_done();
  if (!done_ && !end_of_shard_) {
    poll_scheduled_ = true;
    env_.scheduler->schedule_after(env_.poll_interval, "esm poll " + source_->shard_id(),
                                   [this, alive = alive_] {
                                     if (*alive) poll();
                                   });
  }
}

void ShardReader::dispatch() {
  for (auto& lane : lanes_) dispatch_lane(lane);
}

void ShardReader::dispatch_lane(Lane& lane) {
  if (lane.in_flight || lane.queue.empty() || !env_.enabled()) return;
  const MappingConfig& config = *env_.config;
  std::size_t count = std::min(config.batch_size, lane.queue.size());
  if (!lane.pending_sizes.empty()) count = std::min(lane.pending_sizes.front(), lane.queue.size());
  // MaximumBatchingWindowInSeconds: wait for a full batch up to the window,
  // counted from the oldest waiting record.
  if (lane.pending_sizes.empty() && lane.attempts == 0 && count < config.batch_size &&
      config.maximum_batching_window > Duration{0} && !end_of_shard_) {
    const TimePoint ready =
        from_unix_millis(lane.queue.front().arrival_ms) + config.maximum_batching_window;
    if (env_.scheduler->now() < ready) {
      if (!lane.window_timer) {
        lane.window_timer = true;
        env_.scheduler->schedule_at(ready, "esm window " + source_->shard_id(),
                                    [this, &lane, alive = alive_] {
                                      if (!*alive) return;
                                      lane.window_timer = false;
                                      dispatch_lane(lane);
                                    });
      }
      return;
    }
  }
  // A synchronous invocation carries at most 6 MB.
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < count; ++i) {
    bytes += lane.queue[i].size_bytes;
    if (bytes > kMaxPayloadBytes && i > 0) {
      count = i;
      break;
    }
  }
  // MaximumRecordAgeInSeconds: expired records are not sent; they go to OnFailure.
  if (config.maximum_record_age_seconds >= 0) {
    const std::int64_t now_ms = to_unix_millis(env_.scheduler->now());
    std::size_t expired = 0;
    while (expired < count && now_ms - lane.queue[expired].arrival_ms >
                                  std::int64_t{config.maximum_record_age_seconds} * 1000) {
      ++expired;
    }
    if (expired > 0) {
      fail_batch(lane, expired, "RecordAgeExceeded",
                 errors::make("RecordAgeExceeded", "records expired"));
      return dispatch_lane(lane);
    }
  }
  invoke(lane, count);
}

void ShardReader::invoke(Lane& lane, std::size_t count) {
  lane.in_flight = true;
  const std::size_t shard_in_flight = in_flight();
  env_.stats->max_concurrent_batches_per_shard =
      std::max(env_.stats->max_concurrent_batches_per_shard, shard_in_flight);
  if (shard_in_flight > 1) ++env_.stats->concurrent_batch_starts;
  // Kinesis records go typed (the JSON is built only if the handler reads it).
  std::optional<Event> event;
  if (lane.queue.front().kinesis) {
    std::vector<KinesisRecordPtr> records;
    records.reserve(count);
    for (std::size_t i = 0; i < count; ++i) records.push_back(lane.queue[i].kinesis);
    event.emplace(std::move(records));
  } else {
    nlohmann::json records = nlohmann::json::array();
    for (std::size_t i = 0; i < count; ++i) records.push_back(lane.queue[i].event_record);
    event.emplace(nlohmann::json{{"Records", std::move(records)}});
  }
  ++env_.stats->invocations;
  if (env_.scheduler->tracing()) {
    env_.scheduler->note("esm " + source_->shard_id() + " lane " + std::to_string(lane.index) +
                         " invoke " + std::to_string(count) + " records from " +
                         std::string(lane.queue.front().sequence_number()));
  }
  env_.lambda->invoke(env_.config->function_name, std::move(*event),
                      [this, &lane, count, alive = alive_](const Result<InvokeResult>& result) {
                        if (!*alive) return;
                        completed(lane, count, result);
                      });
}

void ShardReader::completed(Lane& lane, std::size_t count, const Result<InvokeResult>& result) {
  lane.in_flight = false;
  const bool function_failed = !result.is_ok() || result->function_error.has_value();
  if (!function_failed && env_.config->report_batch_item_failures) {
    // ReportBatchItemFailures: {"batchItemFailures":[{"itemIdentifier": "<sequence number>"}]}.
    // An empty list is success; an identifier that is not a sequence number
    // of the batch fails the whole batch.
    const auto& payload = result->payload;
    const auto failures = payload.is_object() ? payload.find("batchItemFailures") : payload.end();
    if (payload.is_object() && failures != payload.end() && !failures->is_null()) {
      std::size_t lowest = count;
      bool malformed = !failures->is_array();
      if (!malformed) {
        for (const auto& failure : *failures) {
          const auto id = failure.is_object() ? failure.find("itemIdentifier") : failure.end();
          if (!failure.is_object() || id == failure.end() || !id->is_string()) {
            malformed = true;
            break;
          }
          std::size_t position = count;
          for (std::size_t i = 0; i < count; ++i) {
            if (lane.queue[i].sequence_number() == id->get_ref<const std::string&>()) position = i;
          }
          if (position == count) {
            malformed = true;
            break;
          }
          lowest = std::min(lowest, position);
        }
      }
      if (malformed) {
        *env_.last_processing_result = "PROBLEM: Function call failed";
        ++env_.stats->failed_invocations;
        return retry_later(lane);
      }
      if (lowest < count) {
        // Checkpoint before the lowest failure; the rest is retried as a failed batch.
        finish_batch(lane, lowest);
        *env_.last_processing_result = "PROBLEM: Function call failed";
        ++env_.stats->failed_invocations;
        return retry_later(lane);
      }
    }
  }
  if (!function_failed) {
    *env_.last_processing_result = "OK";
    finish_batch(lane, count);
    lane.attempts = 0;
    dispatch_lane(lane);
    maybe_done();
    return;
  }
  ++env_.stats->failed_invocations;
  *env_.last_processing_result = "PROBLEM: Function call failed";
  const bool throttled = !result.is_ok() && result.error().type == "TooManyRequestsException";
  if (env_.config->bisect_batch_on_function_error && count > 1 && !throttled) {
    // Split in two and try each half, in order; a bisection is not a retry.
    ++env_.stats->bisections;
    if (!lane.pending_sizes.empty()) lane.pending_sizes.erase(lane.pending_sizes.begin());
    lane.pending_sizes.insert(lane.pending_sizes.begin(), {count / 2, count - count / 2});
    dispatch_lane(lane);
    return;
  }
  ++lane.attempts;
  if (env_.config->maximum_retry_attempts >= 0 &&
      lane.attempts > env_.config->maximum_retry_attempts) {
    fail_batch(lane, count, "RetryAttemptsExhausted", result);
    dispatch_lane(lane);
    maybe_done();
    return;
  }
  retry_later(lane);
}

void ShardReader::retry_later(Lane& lane) {
  lane.in_flight = true;  // blocks the lane until the retry
  env_.scheduler->schedule_after(kRetryDelay, "esm retry " + source_->shard_id(),
                                 [this, &lane, alive = alive_] {
                                   if (!*alive) return;
                                   lane.in_flight = false;
                                   if (!env_.enabled()) {
                                     // A disabled mapping keeps the batch; it resumes when enabled
                                     // again.
                                     return retry_later(lane);
                                   }
                                   dispatch_lane(lane);
                                 });
}

void ShardReader::finish_batch(Lane& lane, std::size_t count) {
  env_.stats->records_delivered += count;
  for (std::size_t i = 0; i < count; ++i) lane.queue.pop_front();
  if (!lane.pending_sizes.empty()) {
    if (count >= lane.pending_sizes.front()) {
      lane.pending_sizes.erase(lane.pending_sizes.begin());
    } else {
      lane.pending_sizes.front() -= count;
    }
  }
}

void ShardReader::fail_batch(Lane& lane, std::size_t count, const char* condition,
                             const Result<InvokeResult>& result) {
  if (!env_.config->on_failure_destination.empty())
    env_.on_failure(failure_record(lane, count, condition, result));
  env_.stats->records_discarded += count;
  for (std::size_t i = 0; i < count; ++i) lane.queue.pop_front();
  if (!lane.pending_sizes.empty()) {
    if (count >= lane.pending_sizes.front()) {
      lane.pending_sizes.erase(lane.pending_sizes.begin());
    } else {
      lane.pending_sizes.front() -= count;
    }
  }
  lane.attempts = 0;
}

// The OnFailure record (Lambda developer guide, "Retaining records of
// discarded batches"): request/response context and the batch's position.
nlohmann::json ShardReader::failure_record(const Lane& lane, std::size_t count,
                                           const char* condition,
                                           const Result<InvokeResult>& result) const {
  const SourceRecord& first = lane.queue.front();
  const SourceRecord& last = lane.queue[count - 1];
  nlohmann::ordered_json record;
  record["requestContext"] = {
      {"requestId", result.is_ok() ? result->request_id : std::string()},
      {"functionArn", env_.function_arn},
      {"condition", condition},
      {"approximateInvokeCount", lane.attempts}};  // failed invocations so far
  nlohmann::ordered_json response;
  response["statusCode"] = result.is_ok() ? 200 : result.error().http_status;
  response["executedVersion"] = "$LATEST";
  if (!result.is_ok() || result->function_error) response["functionError"] = "Unhandled";
  record["responseContext"] = response;
  record["version"] = "1.0";
  record["timestamp"] = format_iso8601_millis(env_.scheduler->now());
  record[source_->batch_info_name()] = {
      {"shardId", source_->shard_id()},
      {"startSequenceNumber", std::string(first.sequence_number())},
      {"endSequenceNumber", std::string(last.sequence_number())},
      {"approximateArrivalOfFirstRecord",
       format_iso8601_millis(from_unix_millis(first.arrival_ms))},
      {"approximateArrivalOfLastRecord", format_iso8601_millis(from_unix_millis(last.arrival_ms))},
      {"batchSize", count},
      {"streamArn", source_->source_arn()}};
  return nlohmann::json::parse(record.dump());
}

void ShardReader::maybe_done() {
  if (done_ || !end_of_shard_ || queued() > 0 || in_flight() > 0) return;
  done_ = true;
  if (env_.scheduler->tracing()) env_.scheduler->note("esm " + source_->shard_id() + " finished");
  on_done_();
}

}  // namespace streamlab::lambda::esm
