// The Kinesis typed core on the simulated scheduler. Behaviour follows the
// Kinesis Data Streams API reference; each test names the rule it checks.
#include "emulator/kinesis/kinesis_service.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "emulator/core/simulated_scheduler.h"

namespace streamlab::kinesis {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

class KinesisServiceTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 1}};
  KinesisService kinesis{scheduler, KinesisOptions{}};

  void create_active(const std::string& name, std::uint32_t shards) {
    ASSERT_TRUE(kinesis.create_stream(name, shards).is_ok());
    scheduler.run_for(seconds(1));
    ASSERT_EQ(kinesis.describe_stream(name)->status, StreamStatus::kActive);
  }
  PutRecordOutput put(const std::string& stream, const std::string& key, const std::string& data) {
    auto out = kinesis.put_record(stream, PutRecordInput{data, key, std::nullopt, std::nullopt});
    EXPECT_TRUE(out.is_ok()) << out.status().to_string();
    return out.is_ok() ? *out : PutRecordOutput{};
  }
  std::string iterator(const std::string& stream, const std::string& shard, IteratorType type,
                       std::optional<std::string> sequence = std::nullopt,
                       std::optional<TimePoint> at = std::nullopt) {
    auto out = kinesis.get_shard_iterator({stream, shard, type, sequence, at});
    EXPECT_TRUE(out.is_ok()) << out.status().to_string();
    return out.is_ok() ? *out : std::string();
  }
  std::vector<std::string> read_all(const std::string& iterator_text, std::size_t limit = 10000) {
    auto out = kinesis.get_records(iterator_text, limit);
    EXPECT_TRUE(out.is_ok()) << out.status().to_string();
    std::vector<std::string> data;
    if (out.is_ok()) {
      for (const auto& r : out->records) data.emplace_back(r.record->data);
    }
    return data;
  }
};

TEST_F(KinesisServiceTest, StreamIsCreatingThenActiveAfterTheDelay) {
  ASSERT_TRUE(kinesis.create_stream("core", 2).is_ok());
  EXPECT_EQ(kinesis.describe_stream("core")->status, StreamStatus::kCreating);
  // Writes to a CREATING stream fail as if it did not exist yet.
  auto early = kinesis.put_record("core", {"x", "k", std::nullopt, std::nullopt});
  EXPECT_EQ(early.error().type, "ResourceNotFoundException");
  scheduler.run_for(milliseconds(499));
  EXPECT_EQ(kinesis.describe_stream("core")->status, StreamStatus::kCreating);
  scheduler.run_for(milliseconds(1));
  EXPECT_EQ(kinesis.describe_stream("core")->status, StreamStatus::kActive);
  const auto description = *kinesis.describe_stream("core");
  EXPECT_EQ(description.stream_arn, "arn:aws:kinesis:us-east-1:123456789012:stream/core");
  ASSERT_EQ(description.shards.size(), 2u);
  EXPECT_EQ(description.shards[1].shard_id, "shardId-000000000001");
}

TEST_F(KinesisServiceTest, CreateDeleteAndNotFoundUseAwsWording) {
  create_active("core", 1);
  const Status again = kinesis.create_stream("core", 1);
  EXPECT_EQ(again.error().type, "ResourceInUseException");
  EXPECT_EQ(again.error().message, "Stream core under account 123456789012 already exists.");
  EXPECT_EQ(kinesis.describe_stream("nope").error().message,
            "Stream nope under account 123456789012 not found.");
  ASSERT_TRUE(kinesis.delete_stream("core").is_ok());
  EXPECT_EQ(kinesis.describe_stream("core")->status, StreamStatus::kDeleting);
  scheduler.run_for(seconds(1));
  EXPECT_EQ(kinesis.describe_stream("core").error().type, "ResourceNotFoundException");
  EXPECT_TRUE(kinesis.list_streams().empty());
}

TEST_F(KinesisServiceTest, RecordsRouteByMd5OfThePartitionKeyOrTheExplicitHashKey) {
  create_active("core", 2);
  // MD5("a") = 0cc175b9... < 2^127: shard 0; MD5("b") = 92eb5ffe... >= 2^127: shard 1.
  EXPECT_EQ(put("core", "a", "1").shard_id, "shardId-000000000000");
  EXPECT_EQ(put("core", "b", "2").shard_id, "shardId-000000000001");
  auto explicit_key = kinesis.put_record(
      "core", {"3", "a", std::string("340282366920938463463374607431768211455"), std::nullopt});
  EXPECT_EQ(explicit_key->shard_id, "shardId-000000000001");
  auto invalid = kinesis.put_record("core", {"4", "a", std::string("2x"), std::nullopt});
  EXPECT_EQ(invalid.error().type, "InvalidArgumentException");
}

TEST_F(KinesisServiceTest, SequenceNumbersStrictlyIncreaseWithinAShard) {
  create_active("core", 1);
  std::string previous;
  for (int i = 0; i < 50; ++i) {
    if (i % 10 == 0) scheduler.run_for(milliseconds(3));
    const std::string number =
        format_sequence_number(put("core", "k" + std::to_string(i), "d").sequence_number);
    EXPECT_EQ(number.size(), 56u);
    EXPECT_LT(previous, number);
    previous = number;
  }
}

TEST_F(KinesisServiceTest, SequenceNumberForOrderingGivesAGreaterNumber) {
  create_active("core", 1);
  const auto first = put("core", "k", "1");
  auto second = kinesis.put_record(
      "core", {"2", "k", std::nullopt, format_sequence_number(first.sequence_number)});
  ASSERT_TRUE(second.is_ok());
  EXPECT_GT(second->sequence_number, first.sequence_number);
  auto bad = kinesis.put_record("core", {"3", "k", std::nullopt, std::string("12ab")});
  EXPECT_EQ(bad.error().type, "InvalidArgumentException");
}

TEST_F(KinesisServiceTest, RecordLimitsAreEnforced) {
  create_active("core", 1);
  EXPECT_EQ(kinesis.put_record("core", {"x", "", std::nullopt, std::nullopt}).error().type,
            "ValidationException");
  EXPECT_EQ(kinesis.put_record("core", {"x", std::string(257, 'k'), std::nullopt, std::nullopt})
                .error()
                .type,
            "ValidationException");
  EXPECT_TRUE(
      kinesis.put_record("core", {"x", std::string(256, 'k'), std::nullopt, std::nullopt}).is_ok());
  ASSERT_TRUE(kinesis.set_limits_enabled("core", false).is_ok());
  EXPECT_TRUE(
      kinesis.put_record("core", {std::string(1 << 20, 'd'), "k", std::nullopt, std::nullopt})
          .is_ok());
  EXPECT_EQ(
      kinesis.put_record("core", {std::string((1 << 20) + 1, 'd'), "k", std::nullopt, std::nullopt})
          .error()
          .type,
      "ValidationException");
  std::vector<PutRecordsEntry> too_many(501, PutRecordsEntry{"d", "k", std::nullopt});
  EXPECT_EQ(kinesis.put_records("core", too_many).error().type, "ValidationException");
  std::vector<PutRecordsEntry> too_big(
      6, PutRecordsEntry{std::string(1 << 20, 'd'), "k", std::nullopt});
  EXPECT_EQ(kinesis.put_records("core", too_big).error().message,
            "Records size exceeds 5 MB limit");
}

TEST_F(KinesisServiceTest, EveryIteratorType) {
  create_active("core", 1);
  const std::string shard = "shardId-000000000000";
  const auto r0 = put("core", "k", "r0");
  scheduler.run_for(seconds(10));
  const TimePoint between = scheduler.now();
  const auto r1 = put("core", "k", "r1");
  const auto r2 = put("core", "k", "r2");
  const std::string latest = iterator("core", shard, IteratorType::kLatest);
  EXPECT_EQ(read_all(iterator("core", shard, IteratorType::kTrimHorizon)),
            (std::vector<std::string>{"r0", "r1", "r2"}));
  EXPECT_EQ(read_all(iterator("core", shard, IteratorType::kAtSequenceNumber,
                              format_sequence_number(r1.sequence_number))),
            (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(read_all(iterator("core", shard, IteratorType::kAfterSequenceNumber,
                              format_sequence_number(r1.sequence_number))),
            (std::vector<std::string>{"r2"}));
  EXPECT_EQ(read_all(iterator("core", shard, IteratorType::kAtTimestamp, std::nullopt, between)),
            (std::vector<std::string>{"r1", "r2"}));
  // LATEST misses what came before and sees what comes after.
  put("core", "k", "r3");
  EXPECT_EQ(read_all(latest), (std::vector<std::string>{"r3"}));
  (void)r0;
  (void)r2;
}

TEST_F(KinesisServiceTest, IteratorArgumentsAreChecked) {
  create_active("core", 2);
  const auto r = put("core", "a", "x");  // shard 0
  auto missing =
      kinesis.get_shard_iterator({"core", "shardId-000000000000", IteratorType::kAtSequenceNumber});
  EXPECT_EQ(missing.error().type, "InvalidArgumentException");
  auto other_shard =
      kinesis.get_shard_iterator({"core", "shardId-000000000001", IteratorType::kAtSequenceNumber,
                                  format_sequence_number(r.sequence_number)});
  EXPECT_EQ(other_shard.error().type, "InvalidArgumentException");
  auto no_timestamp =
      kinesis.get_shard_iterator({"core", "shardId-000000000000", IteratorType::kAtTimestamp});
  EXPECT_EQ(no_timestamp.error().type, "InvalidArgumentException");
  auto no_shard =
      kinesis.get_shard_iterator({"core", "shardId-000000000009", IteratorType::kLatest});
  EXPECT_EQ(no_shard.error().type, "ResourceNotFoundException");
}

TEST_F(KinesisServiceTest, IteratorsExpireAfterFiveMinutesOnTheVirtualClock) {
  create_active("core", 1);
  const std::string it = iterator("core", "shardId-000000000000", IteratorType::kTrimHorizon);
  scheduler.run_for(minutes(5));
  EXPECT_TRUE(kinesis.get_records(it, 100).is_ok());  // exactly 5 minutes: still valid
  scheduler.run_for(milliseconds(1));
  const auto expired = kinesis.get_records(it, 100);
  ASSERT_FALSE(expired.is_ok());
  EXPECT_EQ(expired.error().type, "ExpiredIteratorException");
  EXPECT_NE(expired.error().message.find("tolerated delay of 300000 milliseconds"),
            std::string::npos);
}

TEST_F(KinesisServiceTest, MalformedIteratorIsInvalidArgumentNeverACrash) {
  create_active("core", 1);
  for (const char* text : {"", "garbage", "AAAA", "====", "c2hhcmQ="}) {
    const auto out = kinesis.get_records(text, 10);
    ASSERT_FALSE(out.is_ok());
    EXPECT_EQ(out.error().type, "InvalidArgumentException") << text;
  }
}

TEST_F(KinesisServiceTest, GetRecordsHonoursLimitAndChainsIterators) {
  create_active("core", 1);
  for (int i = 0; i < 25; ++i) put("core", "k", std::to_string(i));
  std::string it = iterator("core", "shardId-000000000000", IteratorType::kTrimHorizon);
  std::vector<std::string> seen;
  for (int call = 0; call < 3; ++call) {
    scheduler.run_for(seconds(1));
    auto out = kinesis.get_records(it, 10);
    ASSERT_TRUE(out.is_ok());
    EXPECT_LE(out->records.size(), 10u);
    for (const auto& r : out->records) seen.emplace_back(r.record->data);
    ASSERT_TRUE(out->next_shard_iterator);
    it = *out->next_shard_iterator;
    if (call == 0) {
      EXPECT_GT(out->millis_behind_latest, 0);
    }
    if (call == 2) {
      EXPECT_EQ(out->millis_behind_latest, 0);
    }
  }
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_EQ(seen.front(), "0");
  EXPECT_EQ(seen.back(), "24");
  EXPECT_EQ(kinesis.get_records(it, 10001).error().type, "ValidationException");
}

// An event source mapping keeps its iterator decoded between polls: the typed
// read must be the string read without the encoding — same records, the
// next position, the same limit, expiry and throttling.
TEST_F(KinesisServiceTest, DecodedIteratorsReadExactlyAsStringIterators) {
  create_active("core", 1);
  ASSERT_TRUE(kinesis.set_limits_enabled("core", true).is_ok());
  for (int i = 0; i < 25; ++i) put("core", "k", std::to_string(i));
  std::string text = iterator("core", "shardId-000000000000", IteratorType::kTrimHorizon);
  auto token = KinesisService::decode_shard_iterator(text);
  ASSERT_TRUE(token);
  EXPECT_FALSE(KinesisService::decode_shard_iterator("garbage"));
  for (int call = 0; call < 3; ++call) {
    scheduler.run_for(seconds(1));
    auto by_text = kinesis.get_records(text, 10);
    auto by_token = kinesis.get_records(*token, 10);
    ASSERT_TRUE(by_text.is_ok() && by_token.is_ok());
    ASSERT_EQ(by_text->records.size(), by_token->records.size());
    for (std::size_t i = 0; i < by_text->records.size(); ++i) {
      EXPECT_EQ(by_text->records[i].record, by_token->records[i].record);
      EXPECT_EQ(by_text->records[i].sequence_number, by_token->records[i].sequence_number);
    }
    EXPECT_FALSE(by_token->next_shard_iterator);  // not encoded
    ASSERT_TRUE(by_text->next_shard_iterator && by_token->next_token);
    auto decoded = KinesisService::decode_shard_iterator(*by_text->next_shard_iterator);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->position, by_token->next_token->position);
    EXPECT_EQ(decoded->issued_ms, by_token->next_token->issued_ms);
    text = *by_text->next_shard_iterator;
    token = by_token->next_token;
  }
  EXPECT_EQ(kinesis.get_records(*token, 0).error().type, "ValidationException");
  // Read throttling counts typed calls too: five per second per shard.
  scheduler.run_for(seconds(1));
  int admitted = 0;
  for (int i = 0; i < 6; ++i) admitted += kinesis.get_records(*token, 1).is_ok() ? 1 : 0;
  EXPECT_EQ(admitted, 5);
  scheduler.run_for(minutes(6));
  EXPECT_EQ(kinesis.get_records(*token, 10).error().type, "ExpiredIteratorException");
}

TEST_F(KinesisServiceTest, WriteThrottlingPerShardPerSecond) {
  // Quota: 1,000 records per second per shard.
  create_active("core", 1);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(kinesis.put_record("core", {"d", "k", std::nullopt, std::nullopt}).is_ok()) << i;
  }
  const auto over = kinesis.put_record("core", {"d", "k", std::nullopt, std::nullopt});
  ASSERT_FALSE(over.is_ok());
  EXPECT_EQ(over.error().type, "ProvisionedThroughputExceededException");
  EXPECT_EQ(
      over.error().message,
      "Rate exceeded for shard shardId-000000000000 in stream core under account 123456789012.");
  scheduler.run_for(seconds(1));
  EXPECT_TRUE(kinesis.put_record("core", {"d", "k", std::nullopt, std::nullopt}).is_ok());
}

TEST_F(KinesisServiceTest, WriteThrottlingByBytesCountsPartitionKeys) {
  create_active("core", 1);
  // 1 MiB per second including partition keys: 1 MiB - 1 byte of data plus a 1-byte key fits...
  ASSERT_TRUE(
      kinesis.put_record("core", {std::string((1 << 20) - 1, 'd'), "k", std::nullopt, std::nullopt})
          .is_ok());
  // ...and then nothing more this second.
  EXPECT_EQ(kinesis.put_record("core", {"", "k", std::nullopt, std::nullopt}).error().type,
            "ProvisionedThroughputExceededException");
}

TEST_F(KinesisServiceTest, PutRecordsFailsPerRecordInRequestOrderAndKeepsTheRest) {
  create_active("hot", 1);
  create_active("wide", 2);
  ASSERT_TRUE(
      kinesis.put_records("hot", std::vector<PutRecordsEntry>(500, {"d", "k", std::nullopt}))
          .is_ok());
  ASSERT_TRUE(
      kinesis.put_records("hot", std::vector<PutRecordsEntry>(450, {"d", "k", std::nullopt}))
          .is_ok());
  std::vector<PutRecordsEntry> batch;
  for (int i = 0; i < 100; ++i) batch.push_back({"r" + std::to_string(i), "k", std::nullopt});
  const auto out = kinesis.put_records("hot", batch);
  ASSERT_TRUE(out.is_ok());
  EXPECT_EQ(out->failed_record_count, 50u);
  ASSERT_EQ(out->records.size(), 100u);
  for (int i = 0; i < 100; ++i) {
    if (i < 50) {
      EXPECT_TRUE(out->records[i].error_code.empty()) << i;
      EXPECT_EQ(out->records[i].shard_id, "shardId-000000000000");
    } else {
      EXPECT_EQ(out->records[i].error_code, "ProvisionedThroughputExceededException") << i;
      EXPECT_FALSE(out->records[i].error_message.empty());
    }
  }
  // The accepted ones are readable; the others were never written.
  const auto data = read_all(iterator("hot", "shardId-000000000000", IteratorType::kTrimHorizon));
  EXPECT_EQ(data.size(), 1000u);
  EXPECT_EQ(data.back(), "r49");
  (void)out;
}

TEST_F(KinesisServiceTest, ReadThrottlingFiveCallsPerSecondAndByteDebt) {
  create_active("core", 1);
  const std::string it = iterator("core", "shardId-000000000000", IteratorType::kTrimHorizon);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(kinesis.get_records(it, 1).is_ok()) << i;
  EXPECT_EQ(kinesis.get_records(it, 1).error().type, "ProvisionedThroughputExceededException");
  scheduler.run_for(seconds(1));
  EXPECT_TRUE(kinesis.get_records(it, 1).is_ok());

  // A 10 MiB read puts the shard in debt: throttled until it is repaid at 2 MiB/s.
  ASSERT_TRUE(kinesis.set_limits_enabled("core", false).is_ok());
  for (int i = 0; i < 10; ++i) put("core", "k", std::string((1 << 20) - 16, 'd'));
  ASSERT_TRUE(kinesis.set_limits_enabled("core", true).is_ok());
  scheduler.run_for(seconds(2));
  const std::string start = iterator("core", "shardId-000000000000", IteratorType::kTrimHorizon);
  auto big = kinesis.get_records(start, 10000);
  ASSERT_TRUE(big.is_ok());
  EXPECT_EQ(big->records.size(), 10u);
  scheduler.run_for(seconds(3));
  EXPECT_EQ(kinesis.get_records(start, 1).error().type, "ProvisionedThroughputExceededException");
  scheduler.run_for(seconds(3));
  EXPECT_TRUE(kinesis.get_records(start, 1).is_ok());
}

TEST_F(KinesisServiceTest, GetRecordsStopsAtTenMiB) {
  create_active("core", 1);
  ASSERT_TRUE(kinesis.set_limits_enabled("core", false).is_ok());
  for (int i = 0; i < 12; ++i) put("core", "k", std::string(1 << 20, 'd'));
  auto out = kinesis.get_records(
      iterator("core", "shardId-000000000000", IteratorType::kTrimHorizon), 10000);
  ASSERT_TRUE(out.is_ok());
  EXPECT_EQ(out->records.size(), 9u);  // 10 records with keys would exceed 10 MiB
}

TEST_F(KinesisServiceTest, RetentionTrimsOldRecordsAndTrimHorizonFollows) {
  create_active("core", 1);
  put("core", "k", "old");
  scheduler.run_for(hours(23));
  put("core", "k", "new");
  scheduler.run_for(hours(1) + milliseconds(1));
  EXPECT_EQ(read_all(iterator("core", "shardId-000000000000", IteratorType::kTrimHorizon)),
            (std::vector<std::string>{"new"}));
  ASSERT_TRUE(kinesis.increase_retention_period("core", 48).is_ok());
  EXPECT_EQ(kinesis.describe_stream("core")->retention_period_hours, 48);
  EXPECT_EQ(kinesis.increase_retention_period("core", 30).error().type, "InvalidArgumentException");
  EXPECT_EQ(kinesis.increase_retention_period("core", 8761).error().type,
            "InvalidArgumentException");
  EXPECT_EQ(kinesis.decrease_retention_period("core", 23).error().type, "InvalidArgumentException");
  ASSERT_TRUE(kinesis.decrease_retention_period("core", 24).is_ok());
}

TEST_F(KinesisServiceTest, SplitShardClosesTheParentAndKeepsPerKeyOrder) {
  create_active("core", 1);
  std::vector<std::string> keys = {"a", "b", "c", "d", "e", "f"};
  std::map<std::string, std::vector<std::string>> sequence_by_key;
  for (const auto& key : keys) {
    sequence_by_key[key].push_back(
        format_sequence_number(put("core", key, key + "0").sequence_number));
  }
  ASSERT_TRUE(
      kinesis.split_shard("core", "shardId-000000000000", "170141183460469231731687303715884105728")
          .is_ok());
  EXPECT_EQ(kinesis.describe_stream("core")->status, StreamStatus::kUpdating);
  // Another reshard while UPDATING is refused.
  EXPECT_EQ(kinesis.split_shard("core", "shardId-000000000000", "100").error().type,
            "ResourceInUseException");
  // Writes continue to the parent while UPDATING.
  for (const auto& key : keys) {
    sequence_by_key[key].push_back(
        format_sequence_number(put("core", key, key + "1").sequence_number));
  }
  scheduler.run_for(seconds(1));
  const auto description = *kinesis.describe_stream("core");
  EXPECT_EQ(description.status, StreamStatus::kActive);
  ASSERT_EQ(description.shards.size(), 3u);
  EXPECT_TRUE(description.shards[0].ending_sequence_number);
  EXPECT_EQ(description.shards[1].parent_shard_id.value(), "shardId-000000000000");
  EXPECT_EQ(format_hash_key(description.shards[1].hash_key_range.end),
            "170141183460469231731687303715884105727");
  for (const auto& key : keys) {
    const auto out = put("core", key, key + "2");
    EXPECT_NE(out.shard_id, "shardId-000000000000");
    sequence_by_key[key].push_back(format_sequence_number(out.sequence_number));
  }
  // Per key, sequence numbers keep increasing across the reshard.
  for (const auto& [key, numbers] : sequence_by_key) {
    EXPECT_TRUE(std::is_sorted(numbers.begin(), numbers.end())) << key;
  }
  // The closed parent, read to its end, returns no next iterator and names its children.
  auto out = kinesis.get_records(
      iterator("core", "shardId-000000000000", IteratorType::kTrimHorizon), 10000);
  ASSERT_TRUE(out.is_ok());
  EXPECT_EQ(out->records.size(), 12u);
  EXPECT_FALSE(out->next_shard_iterator);
  ASSERT_EQ(out->child_shards.size(), 2u);
  EXPECT_EQ(out->child_shards[0].shard_id, "shardId-000000000001");
  EXPECT_EQ(out->child_shards[0].parent_shards, (std::vector<std::string>{"shardId-000000000000"}));
  // The parent's ending sequence number is the last one it issued.
  std::string last_in_parent;
  for (const auto& [key, numbers] : sequence_by_key)
    last_in_parent = std::max(last_in_parent, numbers[1]);
  EXPECT_EQ(*description.shards[0].ending_sequence_number, last_in_parent);
}

TEST_F(KinesisServiceTest, SplitShardValidatesTheHashKey) {
  create_active("core", 1);
  for (const char* key : {"0", "1", "340282366920938463463374607431768211455", "x"}) {
    EXPECT_EQ(kinesis.split_shard("core", "shardId-000000000000", key).error().type,
              "InvalidArgumentException")
        << key;
  }
}

TEST_F(KinesisServiceTest, MergeShardsNeedsAdjacentOpenShards) {
  create_active("core", 3);
  EXPECT_EQ(
      kinesis.merge_shards("core", "shardId-000000000000", "shardId-000000000002").error().type,
      "InvalidArgumentException");
  ASSERT_TRUE(kinesis.merge_shards("core", "shardId-000000000001", "shardId-000000000002").is_ok());
  scheduler.run_for(seconds(1));
  const auto description = *kinesis.describe_stream("core");
  ASSERT_EQ(description.shards.size(), 4u);
  EXPECT_EQ(description.open_shard_count, 2u);
  EXPECT_EQ(description.shards[3].parent_shard_id.value(), "shardId-000000000001");
  EXPECT_EQ(description.shards[3].adjacent_parent_shard_id.value(), "shardId-000000000002");
  EXPECT_EQ(description.shards[3].hash_key_range.end, kMaxHashKey);
  EXPECT_EQ(put("core", "b", "x").shard_id,
            "shardId-000000000003");  // MD5("b") is in the upper part
}

TEST_F(KinesisServiceTest, UpdateShardCountScalesUniformly) {
  create_active("core", 2);
  EXPECT_EQ(kinesis.update_shard_count("core", 5).error().type, "InvalidArgumentException");
  ASSERT_TRUE(kinesis.update_shard_count("core", 4).is_ok());
  scheduler.run_for(seconds(1));
  const auto description = *kinesis.describe_stream("core");
  EXPECT_EQ(description.open_shard_count, 4u);
  ASSERT_EQ(description.shards.size(), 6u);
  const auto even = split_evenly(4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(description.shards[2 + i].hash_key_range.start, even[i].start);
    EXPECT_EQ(description.shards[2 + i].parent_shard_id.value(),
              i < 2 ? "shardId-000000000000" : "shardId-000000000001");
  }
}

TEST_F(KinesisServiceTest, ShardLimitIsLimitExceeded) {
  KinesisOptions options;
  options.shard_limit = 3;
  KinesisService small{scheduler, options};
  ASSERT_TRUE(small.create_stream("a", 2).is_ok());
  EXPECT_EQ(small.create_stream("b", 2).error().type, "LimitExceededException");
}

TEST_F(KinesisServiceTest, TagsAddListRemove) {
  create_active("core", 1);
  ASSERT_TRUE(kinesis.add_tags("core", {{"team", "retail"}, {"env", "test"}}).is_ok());
  ASSERT_TRUE(kinesis.remove_tags("core", {"env"}).is_ok());
  EXPECT_EQ(*kinesis.list_tags("core"), (std::map<std::string, std::string>{{"team", "retail"}}));
  std::map<std::string, std::string> many;
  for (int i = 0; i < 50; ++i) many["k" + std::to_string(i)] = "v";
  EXPECT_EQ(kinesis.add_tags("core", many).error().type, "InvalidArgumentException");
}

TEST_F(KinesisServiceTest, StreamArnResolvesOnlyInThisAccountAndRegion) {
  create_active("core", 1);
  EXPECT_EQ(*kinesis.stream_name_from_arn("arn:aws:kinesis:us-east-1:123456789012:stream/core"),
            "core");
  EXPECT_EQ(kinesis.stream_name_from_arn("arn:aws:kinesis:eu-west-1:123456789012:stream/core")
                .error()
                .type,
            "ResourceNotFoundException");
  EXPECT_EQ(kinesis.stream_name_from_arn("arn:aws:sqs:us-east-1:123456789012:q").error().type,
            "InvalidArgumentException");
}

}  // namespace
}  // namespace streamlab::kinesis

namespace streamlab::kinesis {
namespace {

// Producers race at the same instants; the trace (with sequence numbers and
// shards noted) is byte-identical for the same seed and differs across seeds.
std::string racing_producers_trace(std::uint64_t seed) {
  std::ostringstream out;
  TraceRecorder trace(out, TraceFormat::kJsonLines);
  SimulatedScheduler scheduler({.seed = seed, .trace = &trace});
  KinesisService kinesis(scheduler, KinesisOptions{});
  EXPECT_TRUE(kinesis.create_stream("core", 2).is_ok());
  for (int producer = 0; producer < 3; ++producer) {
    for (int i = 0; i < 5; ++i) {
      scheduler.schedule_after(
          seconds(1) + milliseconds(10 * i), "producer " + std::to_string(producer),
          [&, producer, i] {
            const std::string key = "p" + std::to_string(i);
            auto put = kinesis.put_record(
                "core", {std::to_string(producer), key, std::nullopt, std::nullopt});
            scheduler.note(put->shard_id + " " + format_sequence_number(put->sequence_number));
          });
    }
  }
  scheduler.run_until_idle();
  return out.str();
}

TEST(KinesisDeterminismTest, SameSeedSameTraceDifferentSeedsDiffer) {
  const std::string first = racing_producers_trace(11);
  EXPECT_EQ(first, racing_producers_trace(11));
  bool some_differ = false;
  for (std::uint64_t seed = 12; seed < 20 && !some_differ; ++seed)
    some_differ = racing_producers_trace(seed) != first;
  EXPECT_TRUE(some_differ);
}

}  // namespace
}  // namespace streamlab::kinesis
