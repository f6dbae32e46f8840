// The hello-retail workload generator and its oracle (../shared/functions.md,
// "Events on the streams"), and both winners against the oracle when the
// generated history flows core → fanout (serial) → local → winner in order.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/functions/functions.h"
#include "emulator/functions/hello_retail_workload.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/lambda/esm/event_source_mappings.h"

namespace streamlab::functions {
namespace {

using nlohmann::json;
using std::chrono::seconds;

TEST(HelloRetailWorkloadTest, TheSameSeedGivesTheSameHistoryAnotherSeedAnother) {
  const WorkloadParams params;
  const auto a = generate_hello_retail(params, 7);
  const auto b = generate_hello_retail(params, 7);
  const auto c = generate_hello_retail(params, 8);
  auto flatten = [](const Workload& workload) {
    std::string out;
    for (const auto& event : workload.events)
      out += std::to_string(event.at.count()) + to_string(event.kind) + event.product_id +
             event.origin + ";";
    return out;
  };
  EXPECT_EQ(flatten(a), flatten(b));
  EXPECT_NE(flatten(a), flatten(c));
}

TEST(HelloRetailWorkloadTest, EveryProductIsCreatedBeforeItsImageAndPurchases) {
  WorkloadParams params;
  params.products = 20;
  params.purchases = 200;
  const auto workload = generate_hello_retail(params, 3);
  std::size_t purchases = 0, creates = 0;
  std::set<std::string> created;
  Duration previous{0};
  for (const auto& event : workload.events) {
    EXPECT_GT(event.at, previous);  // strictly increasing times
    previous = event.at;
    if (event.kind == WorkloadEventKind::kCreate) {
      EXPECT_TRUE(created.insert(event.product_id).second) << "created twice";
      ++creates;
    } else {
      EXPECT_TRUE(created.count(event.product_id)) << event.product_id << " used before creation";
    }
    purchases += event.kind == WorkloadEventKind::kPurchase;
  }
  EXPECT_EQ(creates, 20u);
  EXPECT_EQ(purchases, 200u);
}

// Who did what is spelled as the workshop's producers spell it: the user
// "<role>-<n>" and the origin "hello-retail/<producer>/<role>-<n>/<Title> <n>".
TEST(HelloRetailWorkloadTest, UsersAndOriginsAreSpelledAsTheProducersSpellThem) {
  WorkloadParams params;
  params.products = 30;
  params.purchases = 300;
  params.image_probability = 0.5;
  std::map<WorkloadEventKind, int> seen;
  for (const auto& event : generate_hello_retail(params, 5).events) {
    const char* role = "buyer";
    const char* producer = "web-client-purchase-product";
    const char* title = "Buyer";
    if (event.kind == WorkloadEventKind::kCreate) {
      role = "merchant", producer = "product-producer-creator", title = "Merchant";
    } else if (event.kind == WorkloadEventKind::kImage) {
      role = "photographer", producer = "product-producer-photographer", title = "Photographer";
    }
    const std::string prefix = std::string(role) + "-";
    ASSERT_TRUE(event.user_id.starts_with(prefix)) << event.user_id;
    const std::string n = event.user_id.substr(prefix.size());
    ASSERT_FALSE(n.empty());
    EXPECT_EQ(n.find_first_not_of("0123456789"), std::string::npos) << event.user_id;
    EXPECT_EQ(event.origin, std::string("hello-retail/") + producer + "/" + role + "-" + n + "/" +
                                title + " " + n);
    ++seen[event.kind];
  }
  EXPECT_EQ(seen.size(), 3u);  // every kind checked
}

TEST(HelloRetailWorkloadTest, EnvelopesAreIngressEventsOfTheRightSchemas) {
  const auto workload = generate_hello_retail({}, 1);
  for (const auto& event : workload.events) {
    const json envelope = json::parse(ingress_envelope(event, TimePoint{}));
    EXPECT_EQ(envelope["schema"], "com.nordstrom/retail-stream-ingress/1-0-0");
    EXPECT_EQ(envelope["origin"], event.origin);
    EXPECT_EQ(envelope["timeOrigin"], "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(envelope["data"]["id"], event.product_id);
    const std::size_t fields = event.kind == WorkloadEventKind::kCreate  ? 6
                               : event.kind == WorkloadEventKind::kImage ? 3
                                                                         : 2;
    EXPECT_EQ(envelope["data"].size(), fields);
  }
}

// The envelope is written by hand; it must be the text a JSON library writes,
// field order included, with escapes where an origin needs them.
TEST(HelloRetailWorkloadTest, EnvelopesAreTheTextOfTheirJsonDocuments) {
  WorkloadEvent event;
  event.product_id = "product-7";
  event.origin = "hello-retail/web-client/buyer-\"1\"/Tab\there\\ \x01";
  for (const auto kind :
       {WorkloadEventKind::kCreate, WorkloadEventKind::kImage, WorkloadEventKind::kPurchase}) {
    event.kind = kind;
    const std::string text = ingress_envelope(event, TimePoint{});
    EXPECT_EQ(text, nlohmann::ordered_json::parse(text).dump());
    EXPECT_EQ(json::parse(text)["origin"], event.origin);
  }
}

// Field by field, in order, as a document built the general way writes it:
// the constant pieces the envelope is written with must add up to this.
TEST(HelloRetailWorkloadTest, EnvelopesAreTheDocumentsTheGeneralWayWrites) {
  WorkloadEvent event;
  const TimePoint now = from_unix_millis(1490659200123);
  for (const std::string origin :
       {"hello-retail/web-client-purchase-product/buyer-1/Buyer 1", "o\"q\\ \x02"}) {
    for (const std::string product : {"product-7", "p\"\n"}) {
      event.origin = origin;
      event.product_id = product;
      for (const auto kind :
           {WorkloadEventKind::kCreate, WorkloadEventKind::kImage, WorkloadEventKind::kPurchase}) {
        event.kind = kind;
        nlohmann::ordered_json expected;
        expected["schema"] = "com.nordstrom/retail-stream-ingress/1-0-0";
        expected["origin"] = origin;
        expected["timeOrigin"] = "2017-03-28T00:00:00.123Z";
        auto& data = expected["data"];
        data["schema"] = std::string("com.nordstrom/product/") + to_string(kind) + "/1-0-0";
        data["id"] = product;
        if (kind == WorkloadEventKind::kCreate) {
          data["brand"] = "Brand of " + product;
          data["name"] = "Name of " + product;
          data["description"] = "A product";
          data["category"] = "Things";
        } else if (kind == WorkloadEventKind::kImage) {
          data["image"] = "https://images.example/" + product + ".jpg";
        }
        EXPECT_EQ(ingress_envelope(event, now), expected.dump()) << to_string(kind);
      }
    }
  }
}

TEST(HelloRetailWorkloadTest, TheOracleCreditsPurchasesAfterEachRegistration) {
  auto event = [](WorkloadEventKind kind, const std::string& product, const std::string& origin) {
    WorkloadEvent out;
    out.kind = kind;
    out.product_id = product;
    out.origin = origin;
    return out;
  };
  using K = WorkloadEventKind;
  const auto oracle = compute_oracle({event(K::kCreate, "p1", "m1"), event(K::kPurchase, "p1", "b"),
                                      event(K::kImage, "p1", "ph1"), event(K::kPurchase, "p1", "b"),
                                      event(K::kImage, "p1", "ph2"),   // the first image wins
                                      event(K::kPurchase, "p2", "b"),  // never created: nobody
                                      event(K::kCreate, "p3", "m1")});
  EXPECT_EQ(oracle.scores, (std::map<std::pair<std::string, std::string>, long long>{
                               {{"m1", "creator"}, 2}, {{"ph1", "photographer"}, 1}}));
  EXPECT_EQ(oracle.products.at("p1").creator_score, 2);
  EXPECT_EQ(oracle.products.at("p1").photographer_score, 1);
  EXPECT_EQ(oracle.products.at("p1").photographer, "ph1");
  EXPECT_EQ(oracle.products.at("p3").creator_score, 0);
  EXPECT_FALSE(oracle.products.count("p2"));
}

// core (1 shard) → fanout, parallel false → local (1 shard) → a winner.
Oracle run_in_order(const Workload& workload, const std::string& winner) {
  SimulatedScheduler scheduler({.seed = workload.seed});
  kinesis::KinesisService kinesis(scheduler, kinesis::KinesisOptions{});
  dynamodb::DynamoDbService db(scheduler, dynamodb::DynamoDbOptions{});
  logs::LogsService logs(scheduler);
  lambda::LambdaService lambda(scheduler, AwsIdentity{}, logs);
  lambda::esm::EventSourceMappings mappings(scheduler, AwsIdentity{}, lambda, &kinesis, &db);
  lambda.set_services({&kinesis, &db, &logs, &lambda});
  register_functions(lambda);
  EXPECT_TRUE(kinesis.create_stream("core", 1).is_ok());
  EXPECT_TRUE(kinesis.create_stream("local", 1).is_ok());
  EXPECT_TRUE(create_fanout_targets_table(db, "fanout").is_ok());
  EXPECT_TRUE((winner == "winner-ordered" ? create_winner_ordered_tables(db)
                                          : create_winner_tolerant_tables(db))
                  .is_ok());
  scheduler.run_for(seconds(1));
  EXPECT_TRUE(lambda.create_function({"fanout", "fanout"}).is_ok());
  EXPECT_TRUE(lambda.create_function({"winner", winner}).is_ok());
  dynamodb::Item target;
  target["sourceArn"] =
      dynamodb::AttributeValue::string(kinesis.identity().kinesis_stream_arn("core"));
  target["id"] = dynamodb::AttributeValue::string("local");
  target["type"] = dynamodb::AttributeValue::string("kinesis");
  target["destination"] = dynamodb::AttributeValue::string("local");
  target["active"] = dynamodb::AttributeValue::boolean(true);
  target["parallel"] = dynamodb::AttributeValue::boolean(false);
  target["collapse"] = dynamodb::AttributeValue::string("none");
  EXPECT_TRUE(db.put_item({"fanoutTargets", target, {}}).is_ok());
  for (const auto& [function, stream, batch] :
       {std::tuple{"fanout", "core", 100}, std::tuple{"winner", "local", 5}}) {
    lambda::esm::MappingConfig mapping;
    mapping.function_name = function;
    mapping.event_source_arn = kinesis.identity().kinesis_stream_arn(stream);
    mapping.starting_position = lambda::esm::StartingPosition::kTrimHorizon;
    mapping.batch_size = static_cast<std::size_t>(batch);
    EXPECT_TRUE(mappings.create(mapping).is_ok());
  }
  scheduler.run_for(seconds(2));
  const TimePoint start = scheduler.now();
  for (const auto& event : workload.events) {
    scheduler.schedule_at(start + event.at, "produce", [&kinesis, &scheduler, event] {
      EXPECT_TRUE(kinesis
                      .put_record("core", {ingress_envelope(event, scheduler.now()),
                                           event.product_id, std::nullopt, std::nullopt})
                      .is_ok());
    });
  }
  scheduler.run_for(workload.events.back().at + seconds(60));
  auto observed =
      read_winner_tables(db, "Scores", winner == "winner-ordered" ? "Contributions" : "");
  EXPECT_TRUE(observed.is_ok());
  return observed.is_ok() ? *observed : Oracle{};
}

TEST(HelloRetailWorkloadTest, WinnerOrderedGivesTheOraclesScoresForInOrderInput) {
  for (std::uint64_t seed : {1, 2, 3}) {
    const auto workload = generate_hello_retail({}, seed);
    const auto oracle = compute_oracle(workload.events);
    ASSERT_FALSE(oracle.scores.empty());
    const auto observed = run_in_order(workload, "winner-ordered");
    EXPECT_EQ(observed.scores, oracle.scores) << "seed " << seed;
    for (const auto& [product, expected] : oracle.products) {
      ASSERT_TRUE(observed.products.count(product)) << product;
      const auto& actual = observed.products.at(product);
      EXPECT_EQ(actual.creator, expected.creator) << product;
      EXPECT_EQ(actual.creator_score, expected.creator_score) << product;
      EXPECT_EQ(actual.photographer_score, expected.photographer_score) << product;
    }
  }
}

TEST(HelloRetailWorkloadTest, WinnerTolerantGivesTheOraclesScoresForInOrderInput) {
  const auto workload = generate_hello_retail({}, 4);
  EXPECT_EQ(run_in_order(workload, "winner-tolerant").scores,
            compute_oracle(workload.events).scores);
}

}  // namespace
}  // namespace streamlab::functions
