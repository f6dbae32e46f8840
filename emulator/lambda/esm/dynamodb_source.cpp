// DynamoDB stream → Lambda event records (Lambda developer guide, "Using
// Lambda with DynamoDB": the sample event, field for field).
#include "emulator/dynamodb/attribute_json.h"
#include "emulator/lambda/esm/sources.h"

namespace streamlab::lambda::esm {
namespace {

class DynamoDbSource final : public RecordSource {
 public:
  DynamoDbSource(dynamodb::DynamoDbService& dynamodb, std::string stream_arn,
                 StartingPosition start, std::optional<TimePoint> timestamp, std::string region)
      : dynamodb_(dynamodb), stream_arn_(std::move(stream_arn)), region_(std::move(region)) {
    shard_id_ = "shardId-" + stream_arn_.substr(stream_arn_.rfind('/') + 1);
    const auto view = dynamodb_.stream(stream_arn_);
    if (view) {
      cursor_ = start == StartingPosition::kLatest ? view->end_index : view->first_index;
      if (start == StartingPosition::kAtTimestamp && timestamp) {
        while (cursor_ < view->end_index &&
               dynamodb_.stream_record(stream_arn_, cursor_).created < *timestamp) {
          ++cursor_;
        }
      }
    }
  }

  const std::string& shard_id() const override { return shard_id_; }
  const char* batch_info_name() const override { return "DDBStreamBatchInfo"; }
  const std::string& source_arn() const override { return stream_arn_; }

  Fetch fetch(std::size_t max_records) override {
    Fetch out;
    const auto view = dynamodb_.stream(stream_arn_);
    if (!view) {
      out.end_of_shard = true;
      return out;
    }
    cursor_ = std::max(cursor_, view->first_index);  // trimmed records are gone
    for (; cursor_ < view->end_index && out.records.size() < max_records; ++cursor_) {
      const dynamodb::StreamRecord& record = dynamodb_.stream_record(stream_arn_, cursor_);
      nlohmann::json change = {
          {"ApproximateCreationDateTime", to_unix_millis(record.created) / 1000},
          {"Keys", dynamodb::item_to_json(record.keys)},
          {"SequenceNumber", record.sequence_number},
          {"SizeBytes", record.size_bytes},
          {"StreamViewType", dynamodb::to_string(record.view_type)}};
      if (record.new_image) change["NewImage"] = dynamodb::item_to_json(*record.new_image);
      if (record.old_image) change["OldImage"] = dynamodb::item_to_json(*record.old_image);
      nlohmann::json event = {{"eventID", record.event_id},   {"eventName", record.event_name},
                              {"eventVersion", "1.1"},        {"eventSource", "aws:dynamodb"},
                              {"awsRegion", region_},         {"dynamodb", std::move(change)},
                              {"eventSourceARN", stream_arn_}};
      out.records.push_back({record.sequence_number, dynamodb::item_to_json(record.keys).dump(),
                             to_unix_millis(record.created), record.size_bytes, nullptr,
                             std::move(event)});
    }
    // A disabled stream read to its end is closed.
    out.end_of_shard = !view->enabled && cursor_ >= view->end_index;
    return out;
  }

 private:
  dynamodb::DynamoDbService& dynamodb_;
  std::string stream_arn_, region_, shard_id_;
  std::size_t cursor_ = 0;
};

}  // namespace

std::unique_ptr<RecordSource> make_dynamodb_source(dynamodb::DynamoDbService& dynamodb,
                                                   std::string stream_arn, StartingPosition start,
                                                   std::optional<TimePoint> timestamp,
                                                   std::string region) {
  return std::make_unique<DynamoDbSource>(dynamodb, std::move(stream_arn), start, timestamp,
                                          std::move(region));
}

}  // namespace streamlab::lambda::esm
