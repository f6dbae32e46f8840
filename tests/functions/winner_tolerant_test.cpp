// ../shared/functions.md, "winner, order-tolerant": the same scores for any
// delivery order — checked against an oracle computed from the true history.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>

#include "emulator/core/seeded_random.h"
#include "emulator/core/simulated_scheduler.h"
#include "emulator/functions/functions.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/lambda/esm/event_source_mappings.h"

namespace streamlab::functions {
namespace {

using nlohmann::json;
using std::chrono::seconds;

struct HistoryEvent {
  std::string kind;  // create, image, purchase
  std::string product;
  std::string origin;
  int sequence;  // true order; eventIds increase with it
};

std::vector<HistoryEvent> history() {
  std::vector<HistoryEvent> events;
  int sequence = 0;
  auto add = [&](std::string kind, std::string product, std::string origin) {
    events.push_back({std::move(kind), std::move(product), std::move(origin), ++sequence});
  };
  add("purchase", "p1", "buyer");  // before any registration: credits nobody
  add("create", "p1", "m1");
  add("purchase", "p1", "buyer");
  add("image", "p1", "ph1");
  add("purchase", "p1", "buyer");
  add("create", "p2", "m2");
  add("purchase", "p2", "buyer");
  add("image", "p2", "ph1");
  add("purchase", "p2", "buyer");
  add("purchase", "p2", "buyer");
  add("create", "p3", "m1");
  add("purchase", "p3", "buyer");
  return events;
}

// The oracle: a purchase credits each contributor registered before it.
std::map<std::pair<std::string, std::string>, int> oracle(const std::vector<HistoryEvent>& events) {
  std::map<std::pair<std::string, std::string>, int> scores;
  std::map<std::pair<std::string, std::string>, std::string> registered;  // (product, role) -> user
  for (const auto& event : events) {
    if (event.kind == "create") registered[{event.product, "creator"}] = event.origin;
    if (event.kind == "image") registered[{event.product, "photographer"}] = event.origin;
    if (event.kind == "purchase") {
      for (const char* role : {"creator", "photographer"}) {
        auto it = registered.find({event.product, role});
        if (it != registered.end()) ++scores[{it->second, role}];
      }
    }
  }
  return scores;
}

std::map<std::pair<std::string, std::string>, int> run(
    std::vector<HistoryEvent> delivery, std::optional<lambda::FunctionFault> crash = std::nullopt,
    std::uint64_t* failed_invocations = nullptr) {
  SimulatedScheduler scheduler({.seed = 9});
  kinesis::KinesisService kinesis(scheduler, kinesis::KinesisOptions{});
  dynamodb::DynamoDbService db(scheduler, dynamodb::DynamoDbOptions{});
  logs::LogsService logs(scheduler);
  lambda::LambdaService lambda(scheduler, AwsIdentity{}, logs);
  lambda::esm::EventSourceMappings mappings(scheduler, AwsIdentity{}, lambda, &kinesis, &db);
  lambda.set_services({&kinesis, &db, &logs, &lambda});
  register_functions(lambda);
  EXPECT_TRUE(kinesis.create_stream("local", 1).is_ok());
  EXPECT_TRUE(create_winner_tolerant_tables(db).is_ok());
  EXPECT_TRUE(lambda.create_function({"winner", "winner-tolerant"}).is_ok());
  if (crash) {
    EXPECT_TRUE(lambda.add_fault("winner", *crash).is_ok());
  }
  scheduler.run_for(seconds(1));
  lambda::esm::MappingConfig config;
  config.function_name = "winner";
  config.event_source_arn = kinesis.identity().kinesis_stream_arn("local");
  config.starting_position = lambda::esm::StartingPosition::kTrimHorizon;
  config.batch_size = 5;
  auto created = mappings.create(config);
  EXPECT_TRUE(created.is_ok());
  for (const auto& event : delivery) {
    json data = {{"schema", "com.nordstrom/product/" + event.kind + "/1-0-0"},
                 {"id", event.product}};
    if (event.kind == "create")
      data.update({{"brand", "b"}, {"name", "n"}, {"description", "d"}, {"category", "c"}});
    if (event.kind == "image") data["image"] = "https://example.com/i.jpg";
    char id[80];
    std::snprintf(id, sizeof id, "shardId-000000000000:49%054d", event.sequence);
    const json egress = {{"schema", "com.nordstrom/retail-stream-egress/1-0-0"},
                         {"origin", event.origin},
                         {"timeOrigin", "2017-03-28T00:00:00.000Z"},
                         {"data", data},
                         {"eventId", id},
                         {"timeIngest", "2017-03-28T00:00:01.000Z"},
                         {"timeProcess", "2017-03-28T00:00:02.000Z"}};
    EXPECT_TRUE(
        kinesis.put_record("local", {egress.dump(), event.product, std::nullopt, std::nullopt})
            .is_ok());
  }
  scheduler.run_for(seconds(30));
  if (failed_invocations) *failed_invocations = mappings.stats(created->uuid)->failed_invocations;
  std::map<std::pair<std::string, std::string>, int> scores;
  dynamodb::ScanInput scan;
  scan.table = "Scores";
  const auto rows = db.scan(scan);
  EXPECT_TRUE(rows.is_ok());
  for (const auto& row : rows->items) {
    const int score = std::stoi(row->at("score").as_number().to_string());
    if (score > 0)
      scores[{std::string(row->at("userId").as_string()),
              std::string(row->at("role").as_string())}] = score;
  }
  return scores;
}

TEST(WinnerTolerantTest, ScoresMatchTheOracleForAnyDeliveryOrder) {
  const auto events = history();
  const auto expected = oracle(events);
  ASSERT_EQ(expected.at({"m1", "creator"}), 3);
  ASSERT_EQ(expected.at({"ph1", "photographer"}), 3);
  EXPECT_EQ(run(events), expected);
  auto reversed = events;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(run(reversed), expected);
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    auto shuffled = events;
    SeededRandom random(seed);
    for (std::size_t i = shuffled.size() - 1; i > 0; --i)
      std::swap(shuffled[i], shuffled[random.uniform(i + 1)]);
    EXPECT_EQ(run(shuffled), expected) << "seed " << seed;
  }
}

// A crash mid-batch (the harness's function-crash faults) makes the mapping
// deliver the batch again: Events rows are keyed by eventId and scores are
// counts, so the second delivery changes nothing.
TEST(WinnerTolerantTest, ScoresMatchTheOracleWhenTheWinnerCrashesMidBatch) {
  const auto events = history();
  std::uint64_t failed = 0;
  EXPECT_EQ(run(events, lambda::FunctionFault{.after_records = 3, .times = 2}, &failed),
            oracle(events));
  EXPECT_EQ(failed, 2u);
  EXPECT_EQ(run(events, lambda::FunctionFault{.on_record_containing = "ph1", .times = 1}, &failed),
            oracle(events));
  EXPECT_EQ(failed, 1u);
}

}  // namespace
}  // namespace streamlab::functions
