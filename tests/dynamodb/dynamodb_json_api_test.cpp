// The DynamoDB and DynamoDB Streams JSON actions: serialization, validation and
// functionality per action.
#include "emulator/dynamodb/dynamodb_json_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emulator/core/simulated_scheduler.h"

namespace streamlab::dynamodb {
namespace {

using nlohmann::json;

class DynamoDbJsonApiTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 1}};
  DynamoDbService db{scheduler, DynamoDbOptions{}};
  DynamoDbJsonApi api{db};

  struct Reply {
    int status;
    json body;
    std::string type() const { return body.value("__type", ""); }
    std::string message() const { return body.value("message", ""); }
  };
  Reply call(const std::string& action, const json& body) { return call(action, body.dump()); }
  Reply call(const std::string& action, const std::string& body) {
    const std::string prefix =
        action.rfind("Streams.", 0) == 0 ? "DynamoDBStreams_20120810." : "DynamoDB_20120810.";
    const std::string name = action.rfind("Streams.", 0) == 0 ? action.substr(8) : action;
    const auto response = api.handle(prefix + name, body);
    return {response.http_status, json::parse(response.body)};
  }

  void create_table(const char* name = "Tbl", bool stream = false) {
    json request = {{"TableName", name},
                    {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                    {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
                    {"BillingMode", "PAY_PER_REQUEST"}};
    if (stream)
      request["StreamSpecification"] = {{"StreamEnabled", true},
                                        {"StreamViewType", "NEW_AND_OLD_IMAGES"}};
    ASSERT_EQ(call("CreateTable", request).status, 200);
    scheduler.run_for(std::chrono::seconds(1));
  }
};

TEST_F(DynamoDbJsonApiTest, SerializationErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"PutItem", R"({"TableName": 5, "Item": {}})"},
      {"PutItem", R"({"TableName": "Tbl", "Item": []})"},
      {"GetItem", R"({"TableName": "Tbl", "Key": {"id": {"S": "a"}}, "ConsistentRead": "yes"})"},
      {"Query", R"({"TableName": "Tbl", "Limit": "10"})"},
      {"CreateTable", R"({"TableName": "Tbl", "KeySchema": {}})"},
  };
  for (const auto& [action, body] : cases) {
    EXPECT_EQ(call(action, std::string(body)).type(),
              "com.amazon.coral.service#SerializationException")
        << body;
  }
  EXPECT_EQ(call("PutItem", std::string("{oops")).type(),
            "com.amazon.coral.service#SerializationException");
  EXPECT_EQ(api.handle("DynamoDB_20120810.Nope", "{}").http_status, 400);
}

TEST_F(DynamoDbJsonApiTest, ValidationErrors) {
  EXPECT_EQ(call("PutItem", json{{"Item", json::object()}}).message(),
            "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
            "Member must not be "
            "null");
  EXPECT_EQ(call("GetItem", json{{"TableName", "ab"}, {"Key", json::object()}}).message(),
            "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
            "Member must have "
            "length greater than or equal to 3");
  EXPECT_EQ(
      call("PutItem",
           json{{"TableName", "Tbl"}, {"Item", {{"id", {{"S", "a"}}}}}, {"ReturnValues", "MAYBE"}})
          .message(),
      "1 validation error detected: Value 'MAYBE' at 'returnValues' failed to satisfy constraint: "
      "Member must "
      "satisfy enum value set: [NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW]");
  const auto reply = call("Query", json{{"TableName", "Tbl"}, {"Limit", 0}});
  EXPECT_EQ(reply.type(), "com.amazon.coral.validate#ValidationException");
  create_table();
  EXPECT_EQ(call("PutItem", json{{"TableName", "Tbl"},
                                 {"Item", {{"id", {{"S", "a"}}}}},
                                 {"ConditionExpression", "attribute_exists(id)"},
                                 {"Expected", {{"id", {{"Exists", false}}}}}})
                .message(),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression "
            "parameters: {Expected} Expression parameters: {ConditionExpression}");
  EXPECT_EQ(call("PutItem", json{{"TableName", "Tbl"},
                                 {"Item", {{"id", {{"S", "a"}}}}},
                                 {"ExpressionAttributeValues", json::object()},
                                 {"ConditionExpression", "attribute_exists(id)"}})
                .message(),
            "ExpressionAttributeValues must not be empty");
}

TEST_F(DynamoDbJsonApiTest, TableActions) {
  create_table("Alpha");
  create_table("Beta", true);
  const auto described = call("DescribeTable", json{{"TableName", "Beta"}}).body["Table"];
  EXPECT_EQ(described["TableStatus"], "ACTIVE");
  EXPECT_EQ(described["KeySchema"][0], (json{{"AttributeName", "id"}, {"KeyType", "HASH"}}));
  EXPECT_EQ(described["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_EQ(described["StreamSpecification"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(described["LatestStreamArn"],
            "arn:aws:dynamodb:us-east-1:123456789012:table/Beta/stream/2017-03-28T00:00:01.000");
  const auto page = call("ListTables", json{{"Limit", 1}}).body;
  EXPECT_EQ(page["TableNames"], json::array({"Alpha"}));
  EXPECT_EQ(call("ListTables", json{{"ExclusiveStartTableName", page["LastEvaluatedTableName"]}})
                .body["TableNames"],
            json::array({"Beta"}));
  EXPECT_EQ(call("DescribeTable", json{{"TableName", "Gamma"}}).type(),
            "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  // Provisioned tables need throughput; on-demand tables refuse it.
  EXPECT_EQ(call("CreateTable",
                 json{{"TableName", "Prov"},
                      {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                      {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}}})
                .message(),
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
            "must both be "
            "specified when BillingMode is PROVISIONED");
  // UpdateTable: add a GSI (backfilled), disable the stream; other changes are refused.
  call("PutItem",
       json{{"TableName", "Alpha"}, {"Item", {{"id", {{"S", "a"}}}, {"owner", {{"S", "o1"}}}}}});
  const auto updated =
      call("UpdateTable",
           json{{"TableName", "Alpha"},
                {"AttributeDefinitions", {{{"AttributeName", "owner"}, {"AttributeType", "S"}}}},
                {"GlobalSecondaryIndexUpdates",
                 {{{"Create",
                    {{"IndexName", "ByOwner"},
                     {"KeySchema", {{{"AttributeName", "owner"}, {"KeyType", "HASH"}}}},
                     {"Projection", {{"ProjectionType", "ALL"}}}}}}}}});
  ASSERT_EQ(updated.status, 200) << updated.body.dump();
  const auto by_owner = call("Query", json{{"TableName", "Alpha"},
                                           {"IndexName", "ByOwner"},
                                           {"KeyConditionExpression", "#o = :o"},
                                           {"ExpressionAttributeNames", {{"#o", "owner"}}},
                                           {"ExpressionAttributeValues", {{":o", {{"S", "o1"}}}}}});
  EXPECT_EQ(by_owner.body["Count"], 1);
  EXPECT_EQ(call("UpdateTable",
                 json{{"TableName", "Beta"}, {"StreamSpecification", {{"StreamEnabled", false}}}})
                .status,
            200);
  EXPECT_FALSE(call("DescribeTable", json{{"TableName", "Beta"}})
                   .body["Table"]
                   .contains("StreamSpecification"));
  EXPECT_EQ(
      call("UpdateTable", json{{"TableName", "Beta"}, {"BillingMode", "PROVISIONED"}}).message(),
      "streamlab does not emulate UpdateTable BillingMode changes");
  EXPECT_EQ(
      call("DeleteTable", json{{"TableName", "Alpha"}}).body["TableDescription"]["TableStatus"],
      "DELETING");
}

// An INCLUDE index's NonKeyAttributes: described as created, in order, and a
// Query of the index returns the keys and exactly those attributes, kept as
// the item changes ("Projections" in the developer guide: the index holds
// the table and index keys plus the projected non-key attributes).
TEST_F(DynamoDbJsonApiTest, IncludeProjectionIsDescribedAndQueried) {
  const json created =
      call("CreateTable",
           json{{"TableName", "Products"},
                {"AttributeDefinitions",
                 {{{"AttributeName", "id"}, {"AttributeType", "S"}},
                  {{"AttributeName", "creator"}, {"AttributeType", "S"}}}},
                {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
                {"BillingMode", "PAY_PER_REQUEST"},
                {"GlobalSecondaryIndexes",
                 {{{"IndexName", "ByCreator"},
                   {"KeySchema", {{{"AttributeName", "creator"}, {"KeyType", "HASH"}}}},
                   {"Projection",
                    {{"ProjectionType", "INCLUDE"}, {"NonKeyAttributes", {"score", "name"}}}}}}}})
          .body;
  ASSERT_TRUE(created.contains("TableDescription")) << created.dump();
  scheduler.run_for(std::chrono::seconds(1));
  const auto index = call("DescribeTable", json{{"TableName", "Products"}})
                         .body["Table"]["GlobalSecondaryIndexes"][0];
  EXPECT_EQ(index["Projection"], (json{{"ProjectionType", "INCLUDE"},
                                       {"NonKeyAttributes", json::array({"score", "name"})}}));
  call("PutItem", json{{"TableName", "Products"},
                       {"Item",
                        {{"id", {{"S", "p1"}}},
                         {"creator", {{"S", "c1"}}},
                         {"score", {{"N", "1"}}},
                         {"name", {{"S", "Lamp"}}},
                         {"secret", {{"S", "not projected"}}}}}});
  // Written in place (SET, no stream, no ReturnValues): the view follows;
  // REMOVE drops the attribute from it.
  call("UpdateItem",
       json{{"TableName", "Products"},
            {"Key", {{"id", {{"S", "p1"}}}}},
            {"UpdateExpression", "SET score = score + :one, secret = :s REMOVE #n"},
            {"ExpressionAttributeNames", {{"#n", "name"}}},
            {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}, {":s", {{"S", "x"}}}}}});
  const auto rows = call("Query", json{{"TableName", "Products"},
                                       {"IndexName", "ByCreator"},
                                       {"KeyConditionExpression", "creator = :c"},
                                       {"ExpressionAttributeValues", {{":c", {{"S", "c1"}}}}}})
                        .body["Items"];
  EXPECT_EQ(
      rows,
      json::array({{{"creator", {{"S", "c1"}}}, {"id", {{"S", "p1"}}}, {"score", {{"N", "2"}}}}}));
}

TEST_F(DynamoDbJsonApiTest, ItemActionsWithConditionsAndReturnValues) {
  create_table();
  EXPECT_EQ(call("PutItem",
                 json{{"TableName", "Tbl"}, {"Item", {{"id", {{"S", "a"}}}, {"n", {{"N", "1"}}}}}})
                .body,
            json::object());
  const auto failed = call("PutItem", json{{"TableName", "Tbl"},
                                           {"Item", {{"id", {{"S", "a"}}}}},
                                           {"ConditionExpression", "attribute_not_exists(id)"},
                                           {"ReturnValuesOnConditionCheckFailure", "ALL_OLD"}});
  EXPECT_EQ(failed.type(), "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
  EXPECT_EQ(failed.message(), "The conditional request failed");
  EXPECT_EQ(failed.body["Item"]["n"]["N"], "1");
  const auto updated =
      call("UpdateItem", json{{"TableName", "Tbl"},
                              {"Key", {{"id", {{"S", "a"}}}}},
                              {"UpdateExpression", "SET n = n + :one"},
                              {"ExpressionAttributeValues", {{":one", {{"N", "0.5"}}}}},
                              {"ReturnValues", "UPDATED_NEW"}});
  EXPECT_EQ(updated.body, (json{{"Attributes", {{"n", {{"N", "1.5"}}}}}}));
  EXPECT_EQ(call("GetItem", json{{"TableName", "Tbl"},
                                 {"Key", {{"id", {{"S", "a"}}}}},
                                 {"ProjectionExpression", "n"}})
                .body,
            (json{{"Item", {{"n", {{"N", "1.5"}}}}}}));
  EXPECT_EQ(call("GetItem", json{{"TableName", "Tbl"}, {"Key", {{"id", {{"S", "zz"}}}}}}).body,
            json::object());
  EXPECT_EQ(
      call("DeleteItem",
           json{{"TableName", "Tbl"}, {"Key", {{"id", {{"S", "a"}}}}}, {"ReturnValues", "ALL_OLD"}})
          .body["Attributes"]["id"]["S"],
      "a");
}

TEST_F(DynamoDbJsonApiTest, LegacyParametersBehaveLikeExpressions) {
  create_table();
  call("PutItem", json{{"TableName", "Tbl"},
                       {"Item", {{"id", {{"S", "a"}}}, {"n", {{"N", "5"}}}, {"s", {{"S", "x"}}}}}});
  // Expected with Exists: false is attribute_not_exists.
  EXPECT_EQ(call("PutItem", json{{"TableName", "Tbl"},
                                 {"Item", {{"id", {{"S", "a"}}}}},
                                 {"Expected", {{"id", {{"Exists", false}}}}}})
                .type(),
            "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
  EXPECT_EQ(
      call("UpdateItem",
           json{{"TableName", "Tbl"},
                {"Key", {{"id", {{"S", "a"}}}}},
                {"AttributeUpdates",
                 {{"n", {{"Action", "ADD"}, {"Value", {{"N", "2"}}}}},
                  {"s", {{"Action", "DELETE"}}}}},
                {"Expected",
                 {{"n", {{"ComparisonOperator", "GE"}, {"AttributeValueList", {{{"N", "5"}}}}}}}},
                {"ReturnValues", "ALL_NEW"}})
          .body["Attributes"],
      (json{{"id", {{"S", "a"}}}, {"n", {{"N", "7"}}}}));
  EXPECT_EQ(
      call("GetItem",
           json{{"TableName", "Tbl"}, {"Key", {{"id", {{"S", "a"}}}}}, {"AttributesToGet", {"n"}}})
          .body,
      (json{{"Item", {{"n", {{"N", "7"}}}}}}));
  const auto scanned =
      call("Scan", json{{"TableName", "Tbl"},
                        {"ScanFilter",
                         {{"n",
                           {{"ComparisonOperator", "BETWEEN"},
                            {"AttributeValueList", {{{"N", "6"}}, {{"N", "8"}}}}}}}}});
  EXPECT_EQ(scanned.body["Count"], 1);
  EXPECT_EQ(call("Scan", json{{"TableName", "Tbl"},
                              {"ScanFilter", {{"n", {{"ComparisonOperator", "NULL"}}}}}})
                .body["Count"],
            0);
}

TEST_F(DynamoDbJsonApiTest, QueryScanPagesAndKeyConditions) {
  ASSERT_EQ(call("CreateTable", json{{"TableName", "Evt"},
                                     {"BillingMode", "PAY_PER_REQUEST"},
                                     {"AttributeDefinitions",
                                      {{{"AttributeName", "p"}, {"AttributeType", "S"}},
                                       {{"AttributeName", "e"}, {"AttributeType", "N"}}}},
                                     {"KeySchema",
                                      {{{"AttributeName", "p"}, {"KeyType", "HASH"}},
                                       {{"AttributeName", "e"}, {"KeyType", "RANGE"}}}}})
                .status,
            200);
  scheduler.run_for(std::chrono::seconds(1));
  for (int i = 1; i <= 12; ++i) {
    call("PutItem", json{{"TableName", "Evt"},
                         {"Item", {{"p", {{"S", "p1"}}}, {"e", {{"N", std::to_string(i)}}}}}});
  }
  json request = {{"TableName", "Evt"},
                  {"KeyConditionExpression", "p = :p AND e > :e"},
                  {"ExpressionAttributeValues", {{":p", {{"S", "p1"}}}, {":e", {{"N", "2"}}}}},
                  {"Limit", 4}};
  int pages = 0, items = 0;
  for (;;) {
    const auto reply = call("Query", request);
    ASSERT_EQ(reply.status, 200) << reply.body.dump();
    ++pages;
    items += reply.body["Count"].get<int>();
    if (!reply.body.contains("LastEvaluatedKey")) break;
    request["ExclusiveStartKey"] = reply.body["LastEvaluatedKey"];
  }
  EXPECT_EQ(items, 10);  // e = 3..12; numbers sort numerically, not as strings
  EXPECT_GE(pages, 3);
  // Legacy KeyConditions.
  EXPECT_EQ(
      call("Query",
           json{{"TableName", "Evt"},
                {"KeyConditions",
                 {{"p", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {{{"S", "p1"}}}}}},
                  {"e", {{"ComparisonOperator", "LE"}, {"AttributeValueList", {{{"N", "3"}}}}}}}},
                {"Select", "COUNT"}})
          .body,
      (json{{"Count", 3}, {"ScannedCount", 3}}));
  EXPECT_EQ(call("Query", json{{"TableName", "Evt"},
                               {"KeyConditionExpression", "e = :e"},
                               {"ExpressionAttributeValues", {{":e", {{"N", "1"}}}}}})
                .message(),
            "Query condition missed key schema element: p");
  EXPECT_EQ(call("Scan", json{{"TableName", "Evt"}, {"Segment", 1}}).message(),
            "The TotalSegments parameter is required but was not present in the request when "
            "Segment parameter is present");
}

TEST_F(DynamoDbJsonApiTest, BatchesAndTransactions) {
  create_table();
  json writes = json::array();
  for (int i = 0; i < 3; ++i)
    writes.push_back({{"PutRequest", {{"Item", {{"id", {{"S", "k" + std::to_string(i)}}}}}}}});
  EXPECT_EQ(call("BatchWriteItem", json{{"RequestItems", {{"Tbl", writes}}}}).body,
            (json{{"UnprocessedItems", json::object()}}));
  db.set_batch_write_limit(1);  // a fault: only one write per call gets through
  writes[0]["PutRequest"]["Item"]["id"]["S"] = "k9";
  writes[1] = {{"DeleteRequest", {{"Key", {{"id", {{"S", "k1"}}}}}}}};
  writes[2]["PutRequest"]["Item"]["id"]["S"] = "k8";
  const auto partial = call("BatchWriteItem", json{{"RequestItems", {{"Tbl", writes}}}});
  EXPECT_EQ(partial.body["UnprocessedItems"]["Tbl"].size(), 2u);
  EXPECT_EQ(partial.body["UnprocessedItems"]["Tbl"][0]["DeleteRequest"]["Key"]["id"]["S"], "k1");
  db.set_batch_write_limit(std::nullopt);
  const auto got = call(
      "BatchGetItem",
      json{
          {"RequestItems",
           {{"Tbl",
             {{"Keys",
               {{{"id", {{"S", "k0"}}}}, {{"id", {{"S", "k9"}}}}, {{"id", {{"S", "nope"}}}}}}}}}}});
  EXPECT_EQ(got.body["Responses"]["Tbl"].size(), 2u);
  EXPECT_EQ(
      call("BatchWriteItem", json{{"RequestItems", {{"Tbl", {writes[0], writes[0]}}}}}).message(),
      "Provided list of item keys contains duplicates");

  const json transaction = {{"TransactItems",
                             {{{"Put", {{"TableName", "Tbl"}, {"Item", {{"id", {{"S", "t1"}}}}}}}},
                              {{"ConditionCheck",
                                {{"TableName", "Tbl"},
                                 {"Key", {{"id", {{"S", "k0"}}}}},
                                 {"ConditionExpression", "attribute_not_exists(id)"}}}}}},
                            {"ClientRequestToken", "tok"}};
  const auto cancelled = call("TransactWriteItems", transaction);
  EXPECT_EQ(cancelled.type(), "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
  EXPECT_EQ(
      cancelled.body["CancellationReasons"],
      json::parse(
          R"([{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}])"));
  const auto read =
      call("TransactGetItems",
           json{{"TransactItems",
                 {{{"Get", {{"TableName", "Tbl"}, {"Key", {{"id", {{"S", "t1"}}}}}}}},
                  {{"Get", {{"TableName", "Tbl"}, {"Key", {{"id", {{"S", "k0"}}}}}}}}}}});
  EXPECT_EQ(read.body["Responses"], json::parse(R"([{},{"Item":{"id":{"S":"k0"}}}])"));
}

TEST_F(DynamoDbJsonApiTest, StreamsApiReadsEveryChangeOnce) {
  create_table("Tbl", true);
  call("PutItem",
       json{{"TableName", "Tbl"}, {"Item", {{"id", {{"S", "a"}}}, {"v", {{"N", "1"}}}}}});
  call("PutItem", json{{"TableName", "Tbl"},
                       {"Item", {{"id", {{"S", "a"}}}, {"v", {{"N", "1"}}}}}});  // no change
  call("UpdateItem", json{{"TableName", "Tbl"},
                          {"Key", {{"id", {{"S", "a"}}}}},
                          {"UpdateExpression", "SET v = :v"},
                          {"ExpressionAttributeValues", {{":v", {{"N", "2"}}}}}});
  const auto streams = call("Streams.ListStreams", json{{"TableName", "Tbl"}}).body["Streams"];
  ASSERT_EQ(streams.size(), 1u);
  const std::string arn = streams[0]["StreamArn"];
  const auto description =
      call("Streams.DescribeStream", json{{"StreamArn", arn}}).body["StreamDescription"];
  EXPECT_EQ(description["StreamStatus"], "ENABLED");
  ASSERT_EQ(description["Shards"].size(), 1u);
  const auto iterator =
      call("Streams.GetShardIterator", json{{"StreamArn", arn},
                                            {"ShardId", description["Shards"][0]["ShardId"]},
                                            {"ShardIteratorType", "TRIM_HORIZON"}});
  ASSERT_EQ(iterator.status, 200) << iterator.body.dump();
  const auto records =
      call("Streams.GetRecords", json{{"ShardIterator", iterator.body["ShardIterator"]}}).body;
  ASSERT_EQ(records["Records"].size(), 2u);
  const auto& modify = records["Records"][1];
  EXPECT_EQ(modify["eventName"], "MODIFY");
  EXPECT_EQ(modify["eventSource"], "aws:dynamodb");
  EXPECT_EQ(modify["eventVersion"], "1.1");
  EXPECT_EQ(modify["awsRegion"], "us-east-1");
  EXPECT_EQ(modify["dynamodb"]["Keys"], (json{{"id", {{"S", "a"}}}}));
  EXPECT_EQ(modify["dynamodb"]["OldImage"]["v"]["N"], "1");
  EXPECT_EQ(modify["dynamodb"]["NewImage"]["v"]["N"], "2");
  EXPECT_EQ(modify["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(modify["eventID"].get<std::string>().size(), 32u);
  // The next iterator sees nothing new; after a write it sees just that.
  const auto next = records["NextShardIterator"];
  EXPECT_TRUE(call("Streams.GetRecords", json{{"ShardIterator", next}}).body["Records"].empty());
  EXPECT_EQ(call("Streams.GetRecords", json{{"ShardIterator", "junk"}}).type(),
            "com.amazon.coral.validate#ValidationException");
  scheduler.run_for(std::chrono::minutes(16));
  EXPECT_EQ(call("Streams.GetRecords", json{{"ShardIterator", next}}).type(),
            "com.amazonaws.dynamodb.v20120810#ExpiredIteratorException");
}

}  // namespace
}  // namespace streamlab::dynamodb
