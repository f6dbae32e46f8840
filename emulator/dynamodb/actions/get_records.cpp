#include "emulator/core/iterator_token.h"
#include "emulator/dynamodb/actions/stream_shared.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb::actions {

Action get_records() {
  return {"GetRecords",
          {{"ShardIterator", wire::FieldType::kString, true, 1, 2048},
           {"Limit", wire::FieldType::kInteger, false, 1, 1000}},
          [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
            const auto token = decode_iterator(request["ShardIterator"].get<std::string>());
            if (!token) return errors::validation("Invalid ShardIterator");
            const auto view = db.stream(token->stream_name);
            if (!view) return stream_not_found(token->stream_name);
            const std::int64_t now_ms = to_unix_millis(db.scheduler().now());
            if (now_ms - token->issued_ms > kStreamIteratorLifetimeMs) {
              return errors::make("ExpiredIteratorException", "Iterator expired");
            }
            if (token->position < view->first_index) {
              return errors::make("TrimmedDataAccessException",
                                  "Attempted to access data that has been trimmed from the stream");
            }
            const auto limit = static_cast<std::size_t>(request.value("Limit", 1000));
            OrderedJson records = OrderedJson::array();
            std::size_t next = token->position;
            for (; next < view->end_index && records.size() < limit; ++next) {
              const StreamRecord& record = db.stream_record(token->stream_name, next);
              OrderedJson change;
              change["ApproximateCreationDateTime"] =
                  to_unix_millis(record.created) / 1000;  // whole seconds
              change["Keys"] = item_to_json(record.keys);
              if (record.new_image) change["NewImage"] = item_to_json(*record.new_image);
              if (record.old_image) change["OldImage"] = item_to_json(*record.old_image);
              change["SequenceNumber"] = record.sequence_number;
              change["SizeBytes"] = record.size_bytes;
              change["StreamViewType"] = to_string(record.view_type);
              OrderedJson entry;
              entry["eventID"] = record.event_id;
              entry["eventName"] = record.event_name;
              entry["eventVersion"] = "1.1";
              entry["eventSource"] = "aws:dynamodb";
              entry["awsRegion"] = db.identity().region;
              entry["dynamodb"] = std::move(change);
              records.push_back(std::move(entry));
            }
            OrderedJson out;
            out["Records"] = std::move(records);
            // A disabled stream's shard is closed: once read to its end there is no next iterator.
            if (view->enabled || next < view->end_index) {
              out["NextShardIterator"] = encode_iterator({token->stream_name, 0, 0, next, now_ms});
            }
            return out;
          }};
}

}  // namespace streamlab::dynamodb::actions
