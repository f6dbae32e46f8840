// ../shared/functions.md, "HTTP forwarder and consumer client": the consumer
// library's request handling, the forwarder on the simulated clock through the
// in-process transport (with down and slow subscribers and injected crashes),
// the real socket path end to end, and the fanout's http targets.
#include <gtest/gtest.h>

#include <mutex>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/functions/functions.h"
#include "emulator/kinesis/kinesis_service.h"
#include "emulator/lambda/esm/event_source_mappings.h"
#include "emulator/push/consumer_client.h"
#include "emulator/push/in_process_transport.h"
#include "emulator/push/socket_transport.h"

namespace streamlab::functions {
namespace {

using nlohmann::json;
using std::chrono::seconds;

const std::string kPurchase = "com.nordstrom/product/purchase/1-0-0";
const std::string kCreate = "com.nordstrom/product/create/1-0-0";

std::string event_of(const std::string& schema, const std::string& id) {
  return json{{"schema", "com.nordstrom/retail-stream-ingress/1-0-0"},
              {"data", {{"schema", schema}, {"id", id}}}}
      .dump();
}

TEST(ConsumerClientTest, DispatchesToTheChannelsCallbackAndAnswers200) {
  push::ConsumerClient client;
  std::vector<push::PushedEvent> seen;
  client.on("orders", [&seen](const push::PushedEvent& event) {
    seen.push_back(event);
    return Status::ok();
  });
  const auto reply = client.handle(
      "/events",
      R"({"channel":"orders","sequenceNumber":"49","data":{"id":1},"approximateArrivalTimestamp":1.5})");
  EXPECT_EQ(reply.status, 200);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].sequence_number, "49");
  EXPECT_EQ(json::parse(seen[0].data_json), json({{"id", 1}}));
  EXPECT_DOUBLE_EQ(seen[0].approximate_arrival_timestamp, 1.5);
}

TEST(ConsumerClientTest, MalformedBodiesUnknownChannelsAndFailingCallbacksAreNot2xx) {
  push::ConsumerClient client;
  client.on("bad", [](const push::PushedEvent&) { return Status(errors::make("Boom", "no")); });
  EXPECT_EQ(client.handle("/events", "not json").status, 400);
  const auto missing = client.handle("/events", R"({"channel":"x"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("sequenceNumber must be a string"), std::string::npos);
  const std::string body =
      R"({"channel":"other","sequenceNumber":"1","data":"x","approximateArrivalTimestamp":0})";
  EXPECT_EQ(client.handle("/events", body).status, 404);
  EXPECT_EQ(client.handle("/elsewhere", body).status, 404);
  const auto failed = client.handle(
      "/events",
      R"({"channel":"bad","sequenceNumber":"1","data":"x","approximateArrivalTimestamp":0})");
  EXPECT_EQ(failed.status, 500);
  EXPECT_NE(failed.body.find("Boom: no"), std::string::npos);
}

struct PushTopology {
  explicit PushTopology(std::uint64_t seed, push::PushTransport* transport = nullptr)
      : scheduler({.seed = seed}),
        kinesis(scheduler, kinesis::KinesisOptions{}),
        db(scheduler, dynamodb::DynamoDbOptions{}),
        logs(scheduler),
        lambda(scheduler, AwsIdentity{}, logs),
        mappings(scheduler, AwsIdentity{}, lambda, &kinesis, &db) {
    lambda.set_services({&kinesis, &db, &logs, &lambda, transport ? transport : &in_process});
    register_functions(lambda);
    EXPECT_TRUE(kinesis.create_stream("events", 1).is_ok());
    EXPECT_TRUE(create_push_subscribers_table(db, "forwarder").is_ok());
    scheduler.run_for(seconds(1));
    lambda::FunctionConfig config{"forwarder", "http-forwarder"};
    config.environment["TIMEOUT_MS"] = "500";
    EXPECT_TRUE(lambda.create_function(config).is_ok());
    lambda::esm::MappingConfig mapping;
    mapping.function_name = "forwarder";
    mapping.event_source_arn = kinesis.identity().kinesis_stream_arn("events");
    mapping.starting_position = lambda::esm::StartingPosition::kTrimHorizon;
    mapping.batch_size = 10;
    auto created = mappings.create(mapping);
    EXPECT_TRUE(created.is_ok());
    if (created.is_ok()) mapping_uuid = created->uuid;
  }
  std::size_t failed_invocations() const {
    return mappings.stats(mapping_uuid)->failed_invocations;
  }
  void put(const std::string& schema, const std::string& id) {
    EXPECT_TRUE(kinesis.put_record("events", {event_of(schema, id), id, std::nullopt, std::nullopt})
                    .is_ok());
  }

  push::InProcessTransport in_process;
  SimulatedScheduler scheduler;
  kinesis::KinesisService kinesis;
  dynamodb::DynamoDbService db;
  logs::LogsService logs;
  lambda::LambdaService lambda;
  lambda::esm::EventSourceMappings mappings;
  std::string mapping_uuid;
};

// Records the ids a subscriber received, in order.
struct Recorder {
  explicit Recorder(push::ConsumerClient& client, const std::string& channel) {
    client.on(channel, [this](const push::PushedEvent& event) {
      const std::lock_guard lock(mutex);
      ids.push_back(json::parse(event.data_json)["data"]["id"]);
      events.push_back(event);
      return Status::ok();
    });
  }
  std::mutex mutex;
  std::vector<std::string> ids;
  std::vector<push::PushedEvent> events;
};

TEST(HttpForwarderTest, PostsEachRecordInOrderToTheSubscribersOfItsChannel) {
  PushTopology t(1);
  push::ConsumerClient purchases_client, creates_client;
  Recorder purchases(purchases_client, kPurchase), creates(creates_client, kCreate);
  t.in_process.attach("http://purchases.local", purchases_client);
  t.in_process.attach("http://creates.local", creates_client);
  ASSERT_TRUE(
      register_push_subscriber(t.db, "forwarder", kPurchase, "http://purchases.local").is_ok());
  ASSERT_TRUE(register_push_subscriber(t.db, "forwarder", kCreate, "http://creates.local").is_ok());
  t.put(kCreate, "p1");
  for (int i = 0; i < 5; ++i) t.put(kPurchase, "p" + std::to_string(i));
  t.scheduler.run_for(seconds(10));
  EXPECT_EQ(purchases.ids, (std::vector<std::string>{"p0", "p1", "p2", "p3", "p4"}));
  EXPECT_EQ(creates.ids, (std::vector<std::string>{"p1"}));
  // The body carries the channel, the record's sequence number and arrival time.
  const auto& first = creates.events.at(0);
  EXPECT_EQ(first.channel, kCreate);
  EXPECT_EQ(first.sequence_number.size(), 56u);
  EXPECT_GT(first.approximate_arrival_timestamp, 0.0);
}

TEST(HttpForwarderTest, ARegistrationMadeAtRunTimeReceivesLaterRecords) {
  PushTopology t(2);
  push::ConsumerClient client;
  Recorder recorder(client, kPurchase);
  t.in_process.attach("http://late.local", client);
  t.put(kPurchase, "before");
  t.scheduler.run_for(seconds(5));
  EXPECT_TRUE(recorder.ids.empty());
  EXPECT_GE(t.logs.filter_log_events("/aws/lambda/forwarder", "\"no subscribers\"")->size(), 1u);
  ASSERT_TRUE(register_push_subscriber(t.db, "forwarder", kPurchase, "http://late.local").is_ok());
  t.put(kPurchase, "after");
  t.scheduler.run_for(seconds(5));
  EXPECT_EQ(recorder.ids, (std::vector<std::string>{"after"}));
}

TEST(HttpForwarderTest, ASubscriberThatIsDownFailsTheBatchWhichIsRetriedUntilItIsBack) {
  PushTopology t(3);
  push::ConsumerClient client;
  Recorder recorder(client, kPurchase);
  t.in_process.attach("http://flaky.local", client);
  t.in_process.set_down("http://flaky.local", true);
  ASSERT_TRUE(register_push_subscriber(t.db, "forwarder", kPurchase, "http://flaky.local").is_ok());
  t.put(kPurchase, "a");
  t.put(kPurchase, "b");
  t.scheduler.run_for(seconds(10));
  EXPECT_TRUE(recorder.ids.empty());
  EXPECT_GE(t.failed_invocations(), 1u);
  t.in_process.set_down("http://flaky.local", false);
  t.scheduler.run_for(seconds(10));
  EXPECT_EQ(recorder.ids, (std::vector<std::string>{"a", "b"}));
}

TEST(HttpForwarderTest, ASlowSubscriberTimesOutAndTheRetrySendsADuplicate) {
  PushTopology t(4);
  push::ConsumerClient client;
  Recorder recorder(client, kPurchase);
  t.in_process.attach("http://slow.local", client);
  t.in_process.set_delay("http://slow.local", std::chrono::milliseconds(800));  // > 500 ms timeout
  ASSERT_TRUE(register_push_subscriber(t.db, "forwarder", kPurchase, "http://slow.local").is_ok());
  t.put(kPurchase, "a");
  t.scheduler.run_for(seconds(3));
  t.in_process.set_delay("http://slow.local", Duration{0});
  t.scheduler.run_for(seconds(10));
  // The slow answer came too late, but the callback had run: the retry duplicates it.
  ASSERT_GE(recorder.ids.size(), 2u);
  EXPECT_EQ(recorder.ids.front(), "a");
  EXPECT_EQ(recorder.ids.back(), "a");
  EXPECT_GE(t.logs.filter_log_events("/aws/lambda/forwarder", "timeout")->size(), 1u);
}

TEST(HttpForwarderTest, AnInjectedCrashAfterOneRecordRedeliversItOnRetry) {
  PushTopology t(5);
  push::ConsumerClient client;
  Recorder recorder(client, kPurchase);
  t.in_process.attach("http://sub.local", client);
  ASSERT_TRUE(register_push_subscriber(t.db, "forwarder", kPurchase, "http://sub.local").is_ok());
  ASSERT_TRUE(t.lambda.add_fault("forwarder", {.after_records = 1, .times = 1}).is_ok());
  t.put(kPurchase, "a");
  t.put(kPurchase, "b");
  t.scheduler.run_for(seconds(10));
  EXPECT_EQ(recorder.ids, (std::vector<std::string>{"a", "a", "b"}));
  EXPECT_EQ(t.failed_invocations(), 1u);
}

TEST(HttpForwarderTest, DeliversToARealLocalHttpServer) {
  push::SocketTransport sockets;
  PushTopology t(6, &sockets);
  push::ConsumerClient client;
  Recorder recorder(client, kPurchase);
  auto port = client.listen("127.0.0.1", 0);
  ASSERT_TRUE(port.is_ok()) << port.status().to_string();
  const std::string url = "http://127.0.0.1:" + std::to_string(*port);
  ASSERT_TRUE(register_push_subscriber(t.db, "forwarder", kPurchase, url).is_ok());
  t.put(kPurchase, "x");
  t.put(kPurchase, "y");
  t.scheduler.run_for(seconds(5));
  client.stop();
  const std::lock_guard lock(recorder.mutex);
  EXPECT_EQ(recorder.ids, (std::vector<std::string>{"x", "y"}));
}

TEST(HttpForwarderTest, ANonHttpUrlOrAClosedPortIsAClearSocketError) {
  push::SocketTransport sockets;
  const auto ftp = sockets.post("ftp://127.0.0.1/events", "{}", std::chrono::milliseconds(200));
  EXPECT_NE(ftp.error.find("only http://"), std::string::npos);
  push::ConsumerClient client;
  auto port = client.listen("127.0.0.1", 0);
  ASSERT_TRUE(port.is_ok());
  client.stop();  // nothing listens there now
  const auto refused = sockets.post("http://127.0.0.1:" + std::to_string(*port) + "/events", "{}",
                                    std::chrono::milliseconds(200));
  EXPECT_FALSE(refused.succeeded());
  EXPECT_FALSE(refused.error.empty());
}

TEST(HttpForwarderTest, TheFanoutsHttpTargetsPostEgressEventsInOrder) {
  PushTopology t(7);
  push::ConsumerClient client;
  Recorder recorder(client, kPurchase);
  t.in_process.attach("http://fanout-sub.local", client);
  ASSERT_TRUE(create_fanout_targets_table(t.db, "fanout").is_ok());
  t.scheduler.run_for(seconds(1));
  ASSERT_TRUE(t.lambda.create_function({"fanout", "fanout"}).is_ok());
  dynamodb::Item row;
  row["sourceArn"] =
      dynamodb::AttributeValue::string(t.kinesis.identity().kinesis_stream_arn("events"));
  row["id"] = dynamodb::AttributeValue::string("push");
  row["type"] = dynamodb::AttributeValue::string("http");
  row["destination"] = dynamodb::AttributeValue::string("http://fanout-sub.local");
  row["active"] = dynamodb::AttributeValue::boolean(true);
  row["collapse"] = dynamodb::AttributeValue::string("none");
  ASSERT_TRUE(t.db.put_item({"fanoutTargets", row, {}}).is_ok());
  lambda::esm::MappingConfig mapping;
  mapping.function_name = "fanout";
  mapping.event_source_arn = t.kinesis.identity().kinesis_stream_arn("events");
  mapping.starting_position = lambda::esm::StartingPosition::kTrimHorizon;
  ASSERT_TRUE(t.mappings.create(mapping).is_ok());
  for (int i = 0; i < 3; ++i) t.put(kPurchase, "q" + std::to_string(i));
  t.scheduler.run_for(seconds(10));
  // Both the forwarder (no subscribers registered) and the fanout read the
  // stream; only the fanout posts, with the egress envelope.
  EXPECT_EQ(recorder.ids, (std::vector<std::string>{"q0", "q1", "q2"}));
  const json egress = json::parse(recorder.events.at(0).data_json);
  EXPECT_EQ(egress["schema"], "com.nordstrom/retail-stream-egress/1-0-0");
  EXPECT_EQ(egress["eventId"].get<std::string>(),
            "shardId-000000000000:" + recorder.events.at(0).sequence_number);
}

}  // namespace
}  // namespace streamlab::functions
