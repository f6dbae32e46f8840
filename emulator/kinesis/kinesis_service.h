// The Kinesis Data Streams emulator: typed core API.
//
// Streams, shards with MD5 hash-key routing, sequence numbers, iterators,
// retention, per-shard throughput limits and resharding, all on the
// scheduler's clock. The JSON actions (emulator/kinesis/actions) are a thin
// layer over this class. Methods take stream names; the action layer
// resolves StreamARN. Error messages follow AWS's wording.
//
// Thread-safety: none; call it on the scheduler's thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/aws_identity.h"
#include "emulator/core/iterator_token.h"
#include "emulator/core/scheduler.h"
#include "emulator/core/status.h"
#include "emulator/kinesis/hash_key.h"
#include "emulator/kinesis/sequence_number.h"
#include "emulator/kinesis/shard_log.h"

namespace streamlab::kinesis {

inline constexpr std::size_t kMaxRecordDataBytes = 1 << 20;  // 1 MiB
inline constexpr std::size_t kMaxPutRecordsCount = 500;
inline constexpr std::size_t kMaxPutRecordsBytes = 5 << 20;  // 5 MiB
inline constexpr std::size_t kMaxGetRecordsLimit = 10000;
inline constexpr std::size_t kMaxGetRecordsBytes = 10 << 20;  // 10 MiB
inline constexpr std::int64_t kIteratorLifetimeMs = std::int64_t{5} * 60 * 1000;
inline constexpr int kDefaultRetentionHours = 24;
inline constexpr int kMaxRetentionHours = 8760;

enum class StreamStatus { kCreating, kActive, kUpdating, kDeleting };
const char* to_string(StreamStatus status);

enum class IteratorType {
  kTrimHorizon,
  kLatest,
  kAtSequenceNumber,
  kAfterSequenceNumber,
  kAtTimestamp
};

struct KinesisOptions {
  AwsIdentity identity;
  // How long CreateStream / DeleteStream / resharding keep a stream in
  // CREATING / DELETING / UPDATING (kinesalite's defaults).
  Duration create_delay = std::chrono::milliseconds(500);
  Duration delete_delay = std::chrono::milliseconds(500);
  Duration update_delay = std::chrono::milliseconds(500);
  // Throughput limits for new streams (switchable per stream afterwards).
  bool limits_enabled = true;
  // Open shards per account (LimitExceededException beyond).
  std::uint32_t shard_limit = 500;
};

struct ShardDescription {
  std::string shard_id;
  std::optional<std::string> parent_shard_id;
  std::optional<std::string> adjacent_parent_shard_id;
  HashKeyRange hash_key_range;
  std::string starting_sequence_number;
  std::optional<std::string> ending_sequence_number;  // set once the shard is closed
};

struct StreamDescription {
  std::string stream_name;
  std::string stream_arn;
  StreamStatus status = StreamStatus::kCreating;
  int retention_period_hours = kDefaultRetentionHours;
  TimePoint created;
  std::vector<ShardDescription> shards;  // every shard, open and closed, by index
  std::uint32_t open_shard_count = 0;
  bool limits_enabled = true;
};

struct PutRecordInput {
  std::string data;
  std::string partition_key;
  std::optional<std::string> explicit_hash_key;
  std::optional<std::string> sequence_number_for_ordering;
};

struct PutRecordOutput {
  std::string shard_id;
  SequenceNumber sequence_number;
};

struct PutRecordsEntry {
  std::string data;
  std::string partition_key;
  std::optional<std::string> explicit_hash_key;
};

struct PutRecordsResultEntry {
  // Success: error_code empty, shard_id and sequence_number set.
  std::string error_code;  // "ProvisionedThroughputExceededException" or "InternalFailure"
  std::string error_message;
  std::string shard_id;
  SequenceNumber sequence_number;
};

struct PutRecordsOutput {
  std::uint32_t failed_record_count = 0;
  std::vector<PutRecordsResultEntry> records;  // in request order
};

struct GetShardIteratorInput {
  std::string stream_name;
  std::string shard_id;
  IteratorType type = IteratorType::kTrimHorizon;
  std::optional<std::string> starting_sequence_number;  // AT_/AFTER_SEQUENCE_NUMBER
  std::optional<TimePoint> timestamp;                   // AT_TIMESTAMP
};

// A record as GetRecords returns it. `record` points into the shard's log and
// stays valid until the service is next called.
struct RecordView {
  const Record* record;
  SequenceNumber sequence_number;
};

struct ChildShard {
  std::string shard_id;
  std::vector<std::string> parent_shards;
  HashKeyRange hash_key_range;
};

struct GetRecordsOutput {
  std::vector<RecordView> records;
  std::optional<std::string> next_shard_iterator;  // none once a closed shard is fully read
  std::optional<IteratorToken> next_token;         // the same position, not encoded
  std::int64_t millis_behind_latest = 0;
  std::vector<ChildShard> child_shards;  // for a closed shard read to its end
};

class KinesisService {
 public:
  // `scheduler` must outlive the service. `store` defaults to in-memory.
  KinesisService(Scheduler& scheduler, KinesisOptions options,
                 std::unique_ptr<KinesisStore> store = nullptr);
  ~KinesisService();
  KinesisService(const KinesisService&) = delete;
  KinesisService& operator=(const KinesisService&) = delete;

  const AwsIdentity& identity() const { return options_.identity; }
  Scheduler& scheduler() { return scheduler_; }

  // --- Streams ---
  Status create_stream(std::string_view name, std::uint32_t shard_count);
  Status delete_stream(std::string_view name);
  Result<StreamDescription> describe_stream(std::string_view name) const;
  std::vector<std::string> list_streams() const;  // sorted by name
  // Resolves a StreamARN of this account and region to its stream name.
  Result<std::string> stream_name_from_arn(std::string_view arn) const;
  Status set_limits_enabled(std::string_view name, bool enabled);

  // --- Records ---
  Result<PutRecordOutput> put_record(std::string_view stream_name, PutRecordInput input);
  // Per-record failures (throttling) are in the output; whole-call failures
  // (unknown stream, invalid hash key) are the error.
  Result<PutRecordsOutput> put_records(std::string_view stream_name,
                                       std::vector<PutRecordsEntry> entries);
  Result<std::string> get_shard_iterator(const GetShardIteratorInput& input);
  Result<GetRecordsOutput> get_records(std::string_view shard_iterator, std::size_t limit);
  // The same read from a decoded iterator, answering with the next one decoded
  // (next_shard_iterator is left empty): what an event source mapping, which
  // keeps its position between polls, uses instead of encoding and decoding a
  // string each poll. Expiry, throttling and trimming apply as to the string form.
  Result<GetRecordsOutput> get_records(const IteratorToken& token, std::size_t limit);
  // A shard iterator, decoded (nullopt when `text` is no iterator of this service's form).
  static std::optional<IteratorToken> decode_shard_iterator(std::string_view text);

  // --- Resharding (applied when the stream leaves UPDATING) ---
  Status split_shard(std::string_view name, std::string_view shard_to_split,
                     std::string_view new_starting_hash_key);
  Status merge_shards(std::string_view name, std::string_view shard_to_merge,
                      std::string_view adjacent_shard_to_merge);
  Status update_shard_count(std::string_view name, std::uint32_t target_shard_count);

  // --- Retention and tags ---
  Status increase_retention_period(std::string_view name, int hours);
  Status decrease_retention_period(std::string_view name, int hours);
  Status add_tags(std::string_view name, const std::map<std::string, std::string>& tags);
  Status remove_tags(std::string_view name, const std::vector<std::string>& keys);
  Result<std::map<std::string, std::string>> list_tags(std::string_view name) const;

  // "shardId-000000000007"
  static std::string shard_id_for(std::uint32_t shard_index);

 private:
  struct Shard;
  struct Stream;

  AwsError stream_not_found(std::string_view name) const;
  Result<Stream*> find_stream(std::string_view name) const;
  Result<Stream*> find_writable_stream(std::string_view name) const;
  Result<Stream*> find_stream_for_update(std::string_view name) const;
  Result<Shard*> find_shard(Stream& stream, std::string_view shard_id) const;
  Shard& add_shard(Stream& stream, HashKeyRange range, std::vector<std::uint32_t> parents);
  void close_shard(Shard& shard);
  void rebuild_open_shards(Stream& stream);
  void trim_expired(Stream& stream, Shard& shard);
  Result<Shard*> route(Stream& stream, std::string_view partition_key,
                       const std::optional<std::string>& explicit_hash_key);
  SequenceNumber append(Shard& shard, Record record);
  AwsError throttled(const Stream& stream, const Shard& shard) const;
  std::string make_iterator(const Stream& stream, const Shard& shard, std::uint64_t position) const;
  void finish_update_later(Stream& stream, std::string label, std::function<void(Stream&)> change);
  std::uint32_t open_shards_in_account() const;
  ShardDescription describe_shard(const Shard& shard) const;

  Scheduler& scheduler_;
  KinesisOptions options_;
  std::unique_ptr<KinesisStore> store_;
  PartitionHasher hasher_;
  std::map<std::string, std::unique_ptr<Stream>, std::less<>> streams_;
  std::uint64_t next_incarnation_ = 1;  // per service, so runs replay exactly
};

}  // namespace streamlab::kinesis
