// Kinesis shard → Lambda event records, typed; KinesisEventRecord::to_json
// writes them as AWS does (Lambda developer guide, "Using Lambda with
// Kinesis": the sample event, field for field).
#include "emulator/lambda/esm/sources.h"

namespace streamlab::lambda::esm {
namespace {

class KinesisSource final : public RecordSource {
 public:
  KinesisSource(kinesis::KinesisService& kinesis, std::string stream_name, std::string stream_arn,
                std::string shard_id, kinesis::IteratorType start,
                std::optional<TimePoint> timestamp, std::string role_arn, std::string region)
      : kinesis_(kinesis),
        stream_name_(std::move(stream_name)),
        stream_arn_(std::move(stream_arn)),
        shard_id_(std::move(shard_id)),
        start_(start),
        timestamp_(timestamp),
        origin_(std::make_shared<KinesisRecordOrigin>(
            KinesisRecordOrigin{shard_id_, stream_arn_, std::move(role_arn), std::move(region)})) {
    // Take the starting position now: LATEST means "from when the mapping was created".
    open_iterator();
  }

  const std::string& shard_id() const override { return shard_id_; }
  const char* batch_info_name() const override { return "KinesisBatchInfo"; }
  const std::string& source_arn() const override { return stream_arn_; }

  Fetch fetch(std::size_t max_records) override {
    Fetch out;
    if (!iterator_) open_iterator();
    if (!iterator_) return out;
    auto records = kinesis_.get_records(
        *iterator_, std::min<std::size_t>(max_records, kinesis::kMaxGetRecordsLimit));
    if (!records.is_ok()) {
      if (records.error().type == "ExpiredIteratorException") iterator_.reset();
      return out;  // throttled or expired: try again at the next poll
    }
    out.records.reserve(records->records.size());
    for (const auto& view : records->records) {
      auto record = std::make_shared<KinesisEventRecord>();
      record->data = SharedBytes(view.record->data, view.record->owner);  // shared, not copied
      record->partition_key = view.record->partition_key;
      record->sequence_number = kinesis::format_sequence_number(view.sequence_number);
      record->arrival_ms = view.record->arrival_ms;
      record->origin = origin_;
      const std::int64_t arrival_ms = record->arrival_ms;
      const std::size_t size = record->data.size() + record->partition_key.size();
      out.records.push_back({{}, {}, arrival_ms, size, std::move(record), nullptr});
    }
    if (!out.records.empty()) last_sequence_ = std::string(out.records.back().sequence_number());
    if (records->next_token) {
      iterator_ = std::move(records->next_token);
    } else {
      out.end_of_shard = true;
    }
    return out;
  }

 private:
  // The first position, or after an expired iterator: just after the last record fetched.
  void open_iterator() {
    kinesis::GetShardIteratorInput input{stream_name_, shard_id_, start_, std::nullopt, timestamp_};
    if (last_sequence_) {
      input.type = kinesis::IteratorType::kAfterSequenceNumber;
      input.starting_sequence_number = last_sequence_;
      input.timestamp.reset();
    }
    auto iterator = kinesis_.get_shard_iterator(input);
    if (iterator.is_ok()) iterator_ = kinesis::KinesisService::decode_shard_iterator(*iterator);
  }

  kinesis::KinesisService& kinesis_;
  std::string stream_name_, stream_arn_, shard_id_;
  kinesis::IteratorType start_;
  std::optional<TimePoint> timestamp_;
  std::shared_ptr<const KinesisRecordOrigin> origin_;  // shared by every record of the shard
  std::optional<IteratorToken> iterator_;              // kept decoded between polls
  std::optional<std::string> last_sequence_;
};

}  // namespace

std::unique_ptr<RecordSource> make_kinesis_source(kinesis::KinesisService& kinesis,
                                                  std::string stream_name, std::string stream_arn,
                                                  std::string shard_id, kinesis::IteratorType start,
                                                  std::optional<TimePoint> timestamp,
                                                  std::string role_arn, std::string region) {
  return std::make_unique<KinesisSource>(kinesis, std::move(stream_name), std::move(stream_arn),
                                         std::move(shard_id), start, timestamp, std::move(role_arn),
                                         std::move(region));
}

}  // namespace streamlab::lambda::esm
