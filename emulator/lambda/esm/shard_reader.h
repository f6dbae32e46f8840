// Internal: one shard of a mapping. Polls its RecordSource on the scheduler,
// batches records per lane and invokes the function with AWS's semantics:
//   - one batch in flight per lane; ParallelizationFactor lanes per shard,
//     records of one partition key always in the same lane (so in order);
//   - a failed batch blocks its lane and is retried until it succeeds, its
//     records are older than MaximumRecordAgeInSeconds, or
//     MaximumRetryAttempts is reached; then OnFailure gets the batch metadata;
//   - BisectBatchOnFunctionError splits a failing batch in two (not a retry);
//   - ReportBatchItemFailures resumes from the lowest failed sequence number.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "emulator/lambda/esm/mapping_config.h"
#include "emulator/lambda/esm/record_source.h"
#include "emulator/lambda/lambda_service.h"

namespace streamlab::lambda::esm {

struct ReaderEnvironment {
  Scheduler* scheduler;
  LambdaService* lambda;
  const MappingConfig* config;  // owned by the mapping; may change on UpdateEventSourceMapping
  std::string function_arn;
  MappingStats* stats;
  std::string* last_processing_result;
  Duration poll_interval;                          // 1 s for Kinesis, 250 ms for DynamoDB streams
  std::function<bool()> enabled;                   // the mapping is Enabled
  std::function<void(nlohmann::json)> on_failure;  // delivers an OnFailure record
};

class ShardReader {
 public:
  ShardReader(ReaderEnvironment environment, std::unique_ptr<RecordSource> source,
              std::function<void()> on_done);
  ~ShardReader();

  void start();
  // Stops polling and ignores results still in flight (DeleteEventSourceMapping).
  void stop() { *alive_ = false; }
  bool done() const { return done_; }
  const std::string& shard_id() const { return source_->shard_id(); }

 private:
  struct Lane {
    std::deque<SourceRecord> queue;
    bool in_flight = false;
    bool window_timer = false;
    std::vector<std::size_t> pending_sizes;  // after a bisection: the sizes of the next batches
    int attempts = 0;                        // failed attempts of the current batch
    std::size_t index = 0;
  };

  void poll();
  void dispatch();
  void dispatch_lane(Lane& lane);
  void invoke(Lane& lane, std::size_t count);
  void completed(Lane& lane, std::size_t count, const Result<InvokeResult>& result);
  void finish_batch(Lane& lane, std::size_t count);
  void fail_batch(Lane& lane, std::size_t count, const char* condition,
                  const Result<InvokeResult>& result);
  void retry_later(Lane& lane);
  void maybe_done();
  std::size_t queued() const;
  std::size_t in_flight() const;
  nlohmann::json failure_record(const Lane& lane, std::size_t count, const char* condition,
                                const Result<InvokeResult>& result) const;

  ReaderEnvironment env_;
  std::unique_ptr<RecordSource> source_;
  std::function<void()> on_done_;
  std::vector<Lane> lanes_;
  bool end_of_shard_ = false;
  bool done_ = false;
  bool poll_scheduled_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace streamlab::lambda::esm
