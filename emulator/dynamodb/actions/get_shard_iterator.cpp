#include "emulator/core/iterator_token.h"
#include "emulator/dynamodb/actions/stream_shared.h"

namespace streamlab::dynamodb::actions {

Action get_shard_iterator() {
  return {
      "GetShardIterator",
      {stream_arn_field(true),
       {"ShardId", wire::FieldType::kString, true, 28, 65},
       {"ShardIteratorType",
        wire::FieldType::kString,
        true,
        std::nullopt,
        std::nullopt,
        std::nullopt,
        {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"}},
       {"SequenceNumber", wire::FieldType::kString, false, 21, 40}},
      [](DynamoDbService& db, const Json& request) -> Result<OrderedJson> {
        const std::string arn = request["StreamArn"].get<std::string>();
        const auto view = db.stream(arn);
        if (!view) return stream_not_found(arn);
        if (request["ShardId"] != stream_shard_id(*view)) {
          return errors::resource_not_found("Requested resource not found: Shard does not exist");
        }
        const std::string type = request["ShardIteratorType"].get<std::string>();
        const auto sequence = optional_string(request, "SequenceNumber");
        const bool by_sequence = type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER";
        if (by_sequence != sequence.has_value()) {
          return errors::validation(by_sequence
                                        ? "SequenceNumber must be specified for " + type
                                        : "SequenceNumber must not be specified for " + type);
        }
        std::size_t position = type == "LATEST" ? view->end_index : view->first_index;
        if (by_sequence) {
          std::size_t found = view->end_index;
          for (std::size_t i = view->first_index; i < view->end_index; ++i) {
            if (db.stream_record(arn, i).sequence_number == *sequence) found = i;
          }
          if (found == view->end_index) {
            return errors::make(
                "TrimmedDataAccessException",
                "The requested sequence number is not in the stream (trimmed or never issued): " +
                    *sequence);
          }
          position = found + (type == "AFTER_SEQUENCE_NUMBER" ? 1 : 0);
        }
        OrderedJson out;
        out["ShardIterator"] =
            encode_iterator({arn, 0, 0, position, to_unix_millis(db.scheduler().now())});
        return out;
      }};
}

}  // namespace streamlab::dynamodb::actions
