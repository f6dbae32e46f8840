// The DynamoDB typed core on the simulated scheduler. Rules follow the
// DynamoDB developer guide and API reference; test names say which.
#include "emulator/dynamodb/dynamodb_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/dynamodb/attribute_json.h"

namespace streamlab::dynamodb {
namespace {

using nlohmann::json;

Item item(const char* text) { return item_from_json(json::parse(text)).value(); }
std::string dump(const Item& value) { return item_to_json(value).dump(); }

Substitutions subs(const char* values, expressions::NameMap names = {}) {
  Substitutions out;
  out.names = std::move(names);
  for (auto& [key, value] : item(values)) out.values.emplace(key, value);
  return out;
}

KeySchema hash_key(const char* name, ValueType type = ValueType::kS) {
  return {{name, type}, std::nullopt};
}
KeySchema hash_range(const char* hash, const char* range, ValueType range_type = ValueType::kS) {
  return {{hash, ValueType::kS}, KeyAttribute{range, range_type}};
}

class DynamoDbServiceTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 1}};
  DynamoDbService db{scheduler, DynamoDbOptions{}};

  void create(TableDefinition definition) {
    auto created = db.create_table(std::move(definition));
    ASSERT_TRUE(created.is_ok()) << created.status().to_string();
    scheduler.run_for(std::chrono::seconds(1));
  }
  void create_simple(const char* name = "T") {
    create({name, hash_key("id"), {{"id", ValueType::kS}}});
  }
  void put(const char* table, const char* json_item) {
    auto out = db.put_item({table, item(json_item), {}});
    ASSERT_TRUE(out.is_ok()) << out.status().to_string();
  }
  std::optional<Item> get(const char* table, const char* key) {
    auto out = db.get_item({table, item(key)});
    EXPECT_TRUE(out.is_ok()) << out.status().to_string();
    return out.is_ok() ? *out : std::nullopt;
  }
};

TEST_F(DynamoDbServiceTest, CreateTableIsCreatingThenActive) {
  auto created = db.create_table({"T", hash_key("id"), {{"id", ValueType::kS}}});
  ASSERT_TRUE(created.is_ok());
  EXPECT_EQ(created->status, TableStatus::kCreating);
  EXPECT_EQ(created->arn, "arn:aws:dynamodb:us-east-1:123456789012:table/T");
  EXPECT_EQ(db.put_item({"T", item(R"({"id":{"S":"a"}})"), {}}).error().type,
            "ResourceNotFoundException");
  scheduler.run_for(std::chrono::seconds(1));
  EXPECT_EQ(db.describe_table("T")->status, TableStatus::kActive);
  EXPECT_EQ(db.create_table({"T", hash_key("id"), {{"id", ValueType::kS}}}).error().message,
            "Table already exists: T");
  EXPECT_EQ(db.describe_table("nope").error().message,
            "Requested resource not found: Table: nope not found");
  ASSERT_TRUE(db.delete_table("T").is_ok());
  scheduler.run_for(std::chrono::seconds(1));
  EXPECT_TRUE(db.list_tables().empty());
}

// A request finds its table among a few (scanned) or many (searched), by
// exact name: names of one length, and one a prefix of another.
TEST_F(DynamoDbServiceTest, RequestsFindTheirTableAmongFewOrMany) {
  std::vector<std::string> names;
  for (int i = 0; i < 12; ++i) {
    names.push_back("T" + std::to_string(i));
    create_simple(names.back().c_str());
    for (const std::string& name : names) {
      put(name.c_str(), (R"({"id":{"S":"in )" + name + R"("}})").c_str());
    }
    for (const std::string& name : names) {
      auto got = get(name.c_str(), (R"({"id":{"S":"in )" + name + R"("}})").c_str());
      ASSERT_TRUE(got.has_value()) << name << " among " << names.size();
      for (const std::string& other : names) {
        if (other == name) continue;
        EXPECT_FALSE(get(name.c_str(), (R"({"id":{"S":"in )" + other + R"("}})").c_str()))
            << other << "'s item found in " << name;
      }
    }
    EXPECT_EQ(db.get_item({"T", item(R"({"id":{"S":"x"}})")}).error().type,
              "ResourceNotFoundException");
    EXPECT_EQ(db.get_item({"T1x", item(R"({"id":{"S":"x"}})")}).error().type,
              "ResourceNotFoundException");
  }
}

TEST_F(DynamoDbServiceTest, AttributeDefinitionsMustMatchTheKeys) {
  EXPECT_EQ(
      db.create_table({"T", hash_key("id"), {}}).error().message,
      "One or more parameter values were invalid: Some index key attributes are not defined in "
      "AttributeDefinitions. Keys: [id], AttributeDefinitions: []");
  EXPECT_EQ(db.create_table({"T", hash_key("id"), {{"id", ValueType::kS}, {"x", ValueType::kS}}})
                .error()
                .message,
            "One or more parameter values were invalid: Number of attributes in KeySchema does not "
            "exactly match "
            "number of attributes defined in AttributeDefinitions");
  TableDefinition lsi_without_range{
      "T", hash_key("id"), {{"id", ValueType::kS}, {"x", ValueType::kS}}};
  lsi_without_range.local_indexes.push_back({"L", hash_range("id", "x"), ProjectionType::kAll, {}});
  EXPECT_EQ(db.create_table(lsi_without_range).error().message,
            "One or more parameter values were invalid: Table KeySchema does not have a range key, "
            "which is required "
            "when specifying a LocalSecondaryIndex");
}

TEST_F(DynamoDbServiceTest, FailedConditionIsConditionalCheckFailedAndChangesNothing) {
  create_simple();
  put("T", R"({"id":{"S":"a"},"v":{"N":"1"}})");
  WriteOptions options;
  options.condition = "attribute_not_exists(id)";
  auto failed = db.put_item({"T", item(R"({"id":{"S":"a"},"v":{"N":"2"}})"), options});
  ASSERT_FALSE(failed.is_ok());
  EXPECT_EQ(failed.error().type, "ConditionalCheckFailedException");
  EXPECT_EQ(failed.error().message, "The conditional request failed");
  EXPECT_TRUE(failed.error().details_json.empty());
  EXPECT_EQ(dump(*get("T", R"({"id":{"S":"a"}})")), R"({"id":{"S":"a"},"v":{"N":"1"}})");
  // ReturnValuesOnConditionCheckFailure: ALL_OLD returns the item with the error.
  options.return_item_on_condition_failure = true;
  failed = db.put_item({"T", item(R"({"id":{"S":"a"},"v":{"N":"2"}})"), options});
  EXPECT_EQ(json::parse(failed.error().details_json)["Item"]["v"]["N"], "1");
}

TEST_F(DynamoDbServiceTest, ItemValidation) {
  create(
      {"T", hash_range("id", "n", ValueType::kN), {{"id", ValueType::kS}, {"n", ValueType::kN}}});
  EXPECT_EQ(db.put_item({"T", item(R"({"id":{"S":"a"}})"), {}}).error().message,
            "One or more parameter values were invalid: Missing the key n in the item");
  EXPECT_EQ(
      db.put_item({"T", item(R"({"id":{"S":"a"},"n":{"S":"1"}})"), {}}).error().message,
      "One or more parameter values were invalid: Type mismatch for key n expected: N actual: S");
  EXPECT_EQ(db.put_item({"T", item(R"({"id":{"S":""},"n":{"N":"1"}})"), {}}).error().message,
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an "
            "empty string value. Key: id");
  Item big = item(R"({"id":{"S":"a"},"n":{"N":"1"}})");
  big["blob"] = AttributeValue::string(std::string(400 * 1024, 'x'));
  EXPECT_EQ(db.put_item({"T", big, {}}).error().message,
            "Item size has exceeded the maximum allowed size");
  EXPECT_EQ(db.get_item({"T", item(R"({"id":{"S":"a"}})")}).error().message,
            "The provided key element does not match the schema");
  // A request's Key: exactly the key attributes with their types, then no
  // empty values (the shape is checked before the values).
  for (const char* key :
       {R"({"id":{"S":"a"},"n":{"S":"1"}})", R"({"id":{"N":"1"},"n":{"N":"1"}})",
        R"({"id":{"S":"a"},"m":{"N":"1"}})", R"({"id":{"S":"a"},"n":{"N":"1"},"x":{"N":"1"}})",
        R"({"id":{"S":""},"n":{"S":"1"}})"}) {
    EXPECT_EQ(db.get_item({"T", item(key)}).error().message,
              "The provided key element does not match the schema")
        << key;
  }
  EXPECT_EQ(db.get_item({"T", item(R"({"id":{"S":""},"n":{"N":"1"}})")}).error().message,
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: id");
  EXPECT_TRUE(db.get_item({"T", item(R"({"id":{"S":"a"},"n":{"N":"1"}})")}).is_ok());
}

TEST_F(DynamoDbServiceTest, UpdateItemCreatesAndReturnsValues) {
  create_simple();
  UpdateItemInput input{
      "T", item(R"({"id":{"S":"a"}})"), "SET #c = if_not_exists(#c, :z) + :one, note = :n", {}};
  input.options.substitutions =
      subs(R"({":z":{"N":"0"},":one":{"N":"1"},":n":{"S":"x"}})", {{"#c", "count"}});
  input.options.return_values = ReturnValues::kAllNew;
  auto first = db.update_item(input);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(dump(*first->attributes), R"({"count":{"N":"1"},"id":{"S":"a"},"note":{"S":"x"}})");
  input.options.return_values = ReturnValues::kUpdatedOld;
  EXPECT_EQ(dump(*db.update_item(input)->attributes), R"({"count":{"N":"1"},"note":{"S":"x"}})");
  input.options.return_values = ReturnValues::kUpdatedNew;
  EXPECT_EQ(dump(*db.update_item(input)->attributes), R"({"count":{"N":"3"},"note":{"S":"x"}})");
  input.options.return_values = ReturnValues::kAllOld;
  EXPECT_EQ(dump(*db.update_item(input)->attributes),
            R"({"count":{"N":"3"},"id":{"S":"a"},"note":{"S":"x"}})");
  input.options.return_values = ReturnValues::kNone;
  EXPECT_FALSE(db.update_item(input)->attributes);
  EXPECT_EQ(dump(*get("T", R"({"id":{"S":"a"}})")),
            R"({"count":{"N":"5"},"id":{"S":"a"},"note":{"S":"x"}})");
}

TEST_F(DynamoDbServiceTest, UpdateItemRefusesKeyChangesAndUnusedSubstitutions) {
  create_simple();
  UpdateItemInput input{"T", item(R"({"id":{"S":"a"}})"), "SET id = :v", {}};
  input.options.substitutions = subs(R"({":v":{"S":"b"}})");
  EXPECT_EQ(db.update_item(input).error().message,
            "One or more parameter values were invalid: Cannot update attribute id. This attribute "
            "is part of the key");
  input.update = "SET x = :v";
  input.options.substitutions = subs(R"({":v":{"S":"b"},":unused":{"S":"c"}})");
  EXPECT_EQ(db.update_item(input).error().message,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
  input.options.substitutions = subs(R"({":v":{"S":"b"}})", {{"#n", "x"}});
  EXPECT_EQ(db.update_item(input).error().message,
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}");
  // Names and values used by either expression (update or condition) count;
  // every unused one is listed, in key order.
  input.update = "SET #d = :z";
  input.options.condition = "attribute_not_exists(#a) OR #a < :w";
  const char* values = R"({":w":{"S":"1"},":x":{"S":"2"},":y":{"S":"3"},":z":{"S":"4"}})";
  input.options.substitutions = subs(values, {{"#a", "a"}, {"#b", "b"}, {"#c", "c"}, {"#d", "d"}});
  EXPECT_EQ(db.update_item(input).error().message,
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}");
  input.options.substitutions = subs(values, {{"#a", "a"}, {"#d", "d"}});
  EXPECT_EQ(db.update_item(input).error().message,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x, :y}");
  EXPECT_FALSE(get("T", R"({"id":{"S":"a"}})"));  // nothing was written by the failed calls
  input.options.substitutions =
      subs(R"({":w":{"S":"1"},":z":{"S":"4"}})", {{"#a", "a"}, {"#d", "d"}});
  EXPECT_TRUE(db.update_item(input).is_ok());
}

TEST_F(DynamoDbServiceTest, ConcurrentUpdatesToOneItemAreAtomic) {
  // Many tasks race at the same instant; each UpdateItem is one atomic step.
  create_simple();
  for (int i = 0; i < 50; ++i) {
    scheduler.post("writer", [this] {
      UpdateItemInput input{
          "T", item(R"({"id":{"S":"a"}})"), "SET #c = if_not_exists(#c, :z) + :one", {}};
      input.options.substitutions = subs(R"({":z":{"N":"0"},":one":{"N":"1"}})", {{"#c", "count"}});
      ASSERT_TRUE(db.update_item(input).is_ok());
    });
  }
  scheduler.run_until_idle();
  EXPECT_EQ(dump(*get("T", R"({"id":{"S":"a"}})")), R"({"count":{"N":"50"},"id":{"S":"a"}})");
}

TEST_F(DynamoDbServiceTest, DeleteItemConditionalAndReturnsOld) {
  create_simple();
  put("T", R"({"id":{"S":"a"},"v":{"N":"1"}})");
  DeleteItemInput input{"T", item(R"({"id":{"S":"a"}})"), {}};
  input.options.condition = "v = :two";
  input.options.substitutions = subs(R"({":two":{"N":"2"}})");
  EXPECT_EQ(db.delete_item(input).error().type, "ConditionalCheckFailedException");
  input.options.substitutions = subs(R"({":two":{"N":"1"}})");
  input.options.return_values = ReturnValues::kAllOld;
  EXPECT_EQ(dump(*db.delete_item(input)->attributes), R"({"id":{"S":"a"},"v":{"N":"1"}})");
  EXPECT_FALSE(get("T", R"({"id":{"S":"a"}})"));
}

class QueryTest : public DynamoDbServiceTest {
 protected:
  void SetUp() override {
    TableDefinition events{
        "Events",
        hash_range("productId", "eventId"),
        {{"productId", ValueType::kS}, {"eventId", ValueType::kS}, {"creator", ValueType::kS}}};
    events.global_indexes.push_back(
        {"EventsByCreator", hash_key("creator"), ProjectionType::kKeysOnly, {}});
    create(events);
    for (int i = 0; i < 10; ++i) {
      const std::string event = "e" + std::to_string(i);
      Item row = item(R"({"productId":{"S":"p1"}})");
      row["eventId"] = AttributeValue::string(event);
      row["n"] = AttributeValue::number(Decimal::from_integer(i));
      if (i % 2 == 0)
        row["creator"] = AttributeValue::string("m1");  // odd events lack the index key
      ASSERT_TRUE(db.put_item({"Events", row, {}}).is_ok());
    }
    put("Events", R"({"productId":{"S":"p2"},"eventId":{"S":"e0"},"creator":{"S":"m2"}})");
  }
  QueryInput query(const char* key_condition, const char* values) {
    QueryInput input;
    input.table = "Events";
    input.key_condition = key_condition;
    input.substitutions = subs(values);
    return input;
  }
  static std::vector<std::string> event_ids(const ReadOutput& out) {
    std::vector<std::string> ids;
    for (const auto& row : out.items) ids.emplace_back(row->at("eventId").as_string());
    return ids;
  }
};

TEST_F(QueryTest, KeyConditionsOnHashAndRange) {
  auto all = db.query(query("productId = :p", R"({":p":{"S":"p1"}})"));
  ASSERT_TRUE(all.is_ok()) << all.status().to_string();
  EXPECT_EQ(all->count, 10u);
  EXPECT_EQ(event_ids(*all).front(), "e0");
  auto after =
      db.query(query("productId = :p AND eventId > :e", R"({":p":{"S":"p1"},":e":{"S":"e7"}})"));
  EXPECT_EQ(event_ids(*after), (std::vector<std::string>{"e8", "e9"}));
  auto between = db.query(query("productId = :p AND eventId BETWEEN :a AND :b",
                                R"({":p":{"S":"p1"},":a":{"S":"e2"},":b":{"S":"e4"}})"));
  EXPECT_EQ(event_ids(*between), (std::vector<std::string>{"e2", "e3", "e4"}));
  auto prefix = db.query(
      query("productId = :p AND begins_with(eventId, :e)", R"({":p":{"S":"p2"},":e":{"S":"e"}})"));
  EXPECT_EQ(prefix->count, 1u);
  auto backwards = query("productId = :p", R"({":p":{"S":"p1"}})");
  backwards.scan_forward = false;
  backwards.limit = 2;
  EXPECT_EQ(event_ids(*db.query(backwards)), (std::vector<std::string>{"e9", "e8"}));
}

TEST_F(QueryTest, KeyConditionErrors) {
  EXPECT_EQ(db.query(query("eventId = :e", R"({":e":{"S":"e1"}})")).error().message,
            "Query condition missed key schema element: productId");
  EXPECT_EQ(db.query(query("productId > :p", R"({":p":{"S":"p"}})")).error().message,
            "Query key condition not supported");
  EXPECT_EQ(
      db.query(query("productId = :p OR eventId = :p", R"({":p":{"S":"p"}})")).error().message,
      "Invalid operator used in KeyConditionExpression: OR");
  EXPECT_EQ(
      db.query(query("productId = :p AND productId = :p", R"({":p":{"S":"p"}})")).error().message,
      "KeyConditionExpressions must only contain one condition per key");
  auto filter_on_key = query("productId = :p", R"({":p":{"S":"p1"},":e":{"S":"e1"}})");
  filter_on_key.filter = "eventId = :e";
  EXPECT_EQ(db.query(filter_on_key).error().message,
            "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
            "eventId");
}

TEST_F(QueryTest, FilterCountsAndScannedCountAndSelectCount) {
  // Developer guide: ScannedCount is before the filter, Count after; Limit bounds ScannedCount.
  auto input = query("productId = :p", R"({":p":{"S":"p1"},":five":{"N":"5"}})");
  input.filter = "n >= :five";
  auto out = db.query(input);
  EXPECT_EQ(out->scanned_count, 10u);
  EXPECT_EQ(out->count, 5u);
  input.limit = 4;
  out = db.query(input);
  EXPECT_EQ(out->scanned_count, 4u);
  EXPECT_EQ(out->count, 0u);
  ASSERT_TRUE(out->last_evaluated_key);
  EXPECT_EQ(dump(*out->last_evaluated_key), R"({"eventId":{"S":"e3"},"productId":{"S":"p1"}})");
  input.limit.reset();
  input.select = Select::kCount;
  out = db.query(input);
  EXPECT_EQ(out->count, 5u);
  EXPECT_TRUE(out->items.empty());
}

TEST_F(QueryTest, PaginationWithExclusiveStartKeyVisitsEveryItemOnce) {
  auto input = query("productId = :p", R"({":p":{"S":"p1"}})");
  input.limit = 3;
  std::vector<std::string> seen;
  for (int page = 0; page < 10; ++page) {
    auto out = db.query(input);
    ASSERT_TRUE(out.is_ok()) << out.status().to_string();
    for (const auto& id : event_ids(*out)) seen.push_back(id);
    if (!out->last_evaluated_key) break;
    input.exclusive_start_key = out->last_evaluated_key;
  }
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 10u);
}

TEST_F(QueryTest, GlobalIndexHoldsOnlyItemsWithItsKeyAndProjects) {
  QueryInput input = query("creator = :m", R"({":m":{"S":"m1"}})");
  input.index = "EventsByCreator";
  auto out = db.query(input);
  ASSERT_TRUE(out.is_ok()) << out.status().to_string();
  EXPECT_EQ(out->count, 5u);  // the odd events have no creator
  // KEYS_ONLY: table and index keys only.
  EXPECT_EQ(dump(*out->items[0]).find("\"n\""), std::string::npos);
  EXPECT_NE(dump(*out->items[0]).find("\"creator\""), std::string::npos);
  input.consistent_read = true;
  EXPECT_EQ(db.query(input).error().message,
            "Consistent reads are not supported on global secondary indexes");
  input.consistent_read = false;
  input.select = Select::kAllAttributes;
  EXPECT_EQ(db.query(input).error().message,
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
            "supported for global "
            "secondary index EventsByCreator because its projection type is not ALL");
  // Updating the index key moves the item between index partitions.
  UpdateItemInput move{
      "Events", item(R"({"productId":{"S":"p1"},"eventId":{"S":"e0"}})"), "SET creator = :m2", {}};
  move.options.substitutions = subs(R"({":m2":{"S":"m2"}})");
  ASSERT_TRUE(db.update_item(move).is_ok());
  input.select.reset();
  EXPECT_EQ(db.query(input)->count, 4u);
  input.substitutions = subs(R"({":m":{"S":"m2"}})");
  EXPECT_EQ(db.query(input)->count, 2u);  // p2/e0 and the moved p1/e0
}

// A GSI is sparse (developer guide, "Take advantage of sparse indexes"): an
// item whose write removes the index key leaves the index, and one that gets
// it back returns — through UpdateItem in place and through PutItem alike.
TEST_F(QueryTest, GlobalIndexFollowsItemsLeavingAndReenteringIt) {
  QueryInput input = query("creator = :m", R"({":m":{"S":"m1"}})");
  input.index = "EventsByCreator";
  const auto creators = [&](const char* creator) {
    input.substitutions = subs((R"({":m":{"S":")" + std::string(creator) + R"("}})").c_str());
    auto out = db.query(input);
    EXPECT_TRUE(out.is_ok()) << out.status().to_string();
    std::vector<std::string> keys;
    for (const auto& row : out->items)
      keys.push_back(std::string(row->at("productId").as_string()) + "/" +
                     std::string(row->at("eventId").as_string()));
    return keys;
  };
  using Keys = std::vector<std::string>;
  ASSERT_EQ(creators("m1"), (Keys{"p1/e0", "p1/e2", "p1/e4", "p1/e6", "p1/e8"}));
  const Item e2 = item(R"({"productId":{"S":"p1"},"eventId":{"S":"e2"}})");
  ASSERT_TRUE(db.update_item({"Events", e2, "REMOVE creator", {}}).is_ok());
  EXPECT_EQ(creators("m1"), (Keys{"p1/e0", "p1/e4", "p1/e6", "p1/e8"}));
  UpdateItemInput back{"Events", e2, "SET creator = :m", {}};
  back.options.substitutions = subs(R"({":m":{"S":"m2"}})");
  ASSERT_TRUE(db.update_item(back).is_ok());
  EXPECT_EQ(creators("m2"), (Keys{"p1/e2", "p2/e0"}));
  // An odd event, never in the index, enters it; a put without the key removes it.
  put("Events", R"({"productId":{"S":"p1"},"eventId":{"S":"e3"},"creator":{"S":"m1"}})");
  EXPECT_EQ(creators("m1"), (Keys{"p1/e0", "p1/e3", "p1/e4", "p1/e6", "p1/e8"}));
  put("Events", R"({"productId":{"S":"p1"},"eventId":{"S":"e3"}})");
  put("Events", R"({"productId":{"S":"p1"},"eventId":{"S":"e4"},"creator":{"S":"m2"}})");
  EXPECT_EQ(creators("m1"), (Keys{"p1/e0", "p1/e6", "p1/e8"}));
  EXPECT_EQ(creators("m2"), (Keys{"p1/e2", "p1/e4", "p2/e0"}));
  // Deleting the last item of a partition empties it; the partition can return.
  for (const char* key : {R"({"productId":{"S":"p1"},"eventId":{"S":"e2"}})",
                          R"({"productId":{"S":"p1"},"eventId":{"S":"e4"}})",
                          R"({"productId":{"S":"p2"},"eventId":{"S":"e0"}})"})
    ASSERT_TRUE(db.delete_item({"Events", item(key), {}}).is_ok());
  EXPECT_EQ(creators("m2"), Keys{});
  ASSERT_TRUE(db.update_item(back).is_ok());
  EXPECT_EQ(creators("m2"), Keys{"p1/e2"});
}

// Deleting and adding GSIs (UpdateTable) shifts the table's other indexes,
// whose entries keep pointers to themselves; writes and Queries through the
// remaining GSI and the LSI afterwards find every item where it belongs.
TEST_F(DynamoDbServiceTest, IndexesKeepWorkingAfterOthersAreAddedAndDeleted) {
  TableDefinition events{"E",
                         hash_range("productId", "eventId"),
                         {{"productId", ValueType::kS},
                          {"eventId", ValueType::kS},
                          {"creator", ValueType::kS},
                          {"n", ValueType::kN}}};
  events.global_indexes.push_back({"ByCreator", hash_key("creator"), ProjectionType::kAll, {}});
  events.global_indexes.push_back(
      {"ByCreatorN", hash_range("creator", "n", ValueType::kN), ProjectionType::kKeysOnly, {}});
  events.local_indexes.push_back(
      {"ByN", hash_range("productId", "n", ValueType::kN), ProjectionType::kAll, {}});
  create(events);
  for (int i = 0; i < 6; ++i) {
    Item row = item(R"({"productId":{"S":"p1"}})");
    row["eventId"] = AttributeValue::string("e" + std::to_string(i));
    row["creator"] = AttributeValue::string(i % 2 == 0 ? "m1" : "m2");
    row["n"] = AttributeValue::number(Decimal::from_integer(10 - i));
    ASSERT_TRUE(db.put_item({"E", row, {}}).is_ok());
  }
  ASSERT_TRUE(db.delete_global_index("E", "ByCreator").is_ok());
  ASSERT_TRUE(db.create_global_index(
                    "E", {"ByN2", hash_key("n", ValueType::kN), ProjectionType::kKeysOnly, {}}, {})
                  .is_ok());
  // e0 moves to m2 with n = 1 (both remaining GSIs and the LSI follow).
  UpdateItemInput move{"E",
                       item(R"({"productId":{"S":"p1"},"eventId":{"S":"e0"}})"),
                       "SET creator = :m, n = :n",
                       {}};
  move.options.substitutions = subs(R"({":m":{"S":"m2"},":n":{"N":"1"}})");
  ASSERT_TRUE(db.update_item(move).is_ok());
  const auto events_of = [&](const char* index, const char* condition, const char* values) {
    QueryInput query;
    query.table = "E";
    query.index = index;
    query.key_condition = condition;
    query.substitutions = subs(values);
    auto out = db.query(query);
    EXPECT_TRUE(out.is_ok()) << out.status().to_string();
    std::string ids;
    for (const auto& row : out->items) ids += std::string(row->at("eventId").as_string()) + " ";
    return ids;
  };
  EXPECT_EQ(events_of("ByCreatorN", "creator = :m", R"({":m":{"S":"m2"}})"), "e0 e5 e3 e1 ");
  EXPECT_EQ(events_of("ByCreatorN", "creator = :m", R"({":m":{"S":"m1"}})"), "e4 e2 ");
  EXPECT_EQ(events_of("ByN", "productId = :p", R"({":p":{"S":"p1"}})"), "e0 e5 e4 e3 e2 e1 ");
  EXPECT_EQ(events_of("ByN2", "n = :n", R"({":n":{"N":"1"}})"), "e0 ");
  EXPECT_EQ(events_of("ByN2", "n = :n", R"({":n":{"N":"10"}})"), "");
  EXPECT_EQ(db.query({.table = "E",
                      .index = "ByCreator",
                      .key_condition = "creator = :m",
                      .substitutions = subs(R"({":m":{"S":"m1"}})")})
                .error()
                .message,
            "The table does not have the specified index: ByCreator");
}

// A GSI partition is read as one run of entries (checked at both ends); pages
// that stop inside it resume after their LastEvaluatedKey and never leak into
// a neighbouring partition.
TEST_F(QueryTest, GlobalIndexPagesCoverOnePartitionExactlyOnce) {
  QueryInput input = query("creator = :m", R"({":m":{"S":"m1"}})");
  input.index = "EventsByCreator";
  const auto whole = db.query(input);
  ASSERT_TRUE(whole.is_ok()) << whole.status().to_string();
  ASSERT_EQ(whole->count, 5u);
  input.limit = 2;
  std::vector<std::string> seen;
  for (int page = 0; page < 10; ++page) {
    auto out = db.query(input);
    ASSERT_TRUE(out.is_ok()) << out.status().to_string();
    for (const auto& row : out->items) {
      EXPECT_EQ(row->at("creator").as_string(), "m1");
      seen.push_back(std::string(row->at("productId").as_string()) + "/" +
                     std::string(row->at("eventId").as_string()));
    }
    if (!out->last_evaluated_key) break;
    input.exclusive_start_key = out->last_evaluated_key;
  }
  std::vector<std::string> expected;
  for (const auto& row : whole->items)
    expected.push_back(std::string(row->at("productId").as_string()) + "/" +
                       std::string(row->at("eventId").as_string()));
  EXPECT_EQ(seen, expected);
}

// An INCLUDE index holds copies of its attributes (developer guide, "Projections"):
// a write that changes an included attribute but not the index key shows in the
// index; one that changes an attribute the index does not include does not.
TEST_F(QueryTest, IncludeIndexFollowsWritesToItsProjectedAttributes) {
  TableDefinition scores{"Products",
                         hash_key("productId"),
                         {{"productId", ValueType::kS}, {"creator", ValueType::kS}}};
  scores.global_indexes.push_back(
      {"ProductsByCreator", hash_key("creator"), ProjectionType::kInclude, {"score"}});
  create(scores);
  put("Products",
      R"({"productId":{"S":"p1"},"creator":{"S":"m1"},"score":{"N":"1"},"x":{"N":"1"}})");
  UpdateItemInput bump{
      "Products", item(R"({"productId":{"S":"p1"}})"), "SET score = :s, x = :s", {}};
  bump.options.substitutions = subs(R"({":s":{"N":"7"}})");
  ASSERT_TRUE(db.update_item(bump).is_ok());
  QueryInput input;
  input.table = "Products";
  input.index = "ProductsByCreator";
  input.key_condition = "creator = :m";
  input.substitutions = subs(R"({":m":{"S":"m1"}})");
  auto out = db.query(input);
  ASSERT_TRUE(out.is_ok()) << out.status().to_string();
  ASSERT_EQ(out->items.size(), 1u);
  EXPECT_EQ(dump(*out->items[0]),
            R"({"creator":{"S":"m1"},"productId":{"S":"p1"},"score":{"N":"7"}})");
  // A result is a snapshot: a later write does not reach the items it returned
  // (they share the index's copy, which a write replaces).
  bump.options.substitutions = subs(R"({":s":{"N":"8"}})");
  ASSERT_TRUE(db.update_item(bump).is_ok());
  EXPECT_EQ(out->items[0]->at("score").as_number().to_string(), "7");
  EXPECT_EQ(db.query(input)->items[0]->at("score").as_number().to_string(), "8");
  // Whether or not a result still holds the old view, and when the item stops
  // or starts projecting an attribute, the index follows every write.
  out = db.query(input);
  bump.options.substitutions = subs(R"({":s":{"N":"9"}})");
  ASSERT_TRUE(db.update_item(bump).is_ok());
  EXPECT_EQ(out->items[0]->at("score").as_number().to_string(), "8");
  out = Result<ReadOutput>(ReadOutput{});  // releases the rows
  bump.options.substitutions = subs(R"({":s":{"N":"10"}})");
  ASSERT_TRUE(db.update_item(bump).is_ok());
  EXPECT_EQ(dump(*db.query(input)->items[0]),
            R"({"creator":{"S":"m1"},"productId":{"S":"p1"},"score":{"N":"10"}})");
  UpdateItemInput drop{"Products", item(R"({"productId":{"S":"p1"}})"), "REMOVE score", {}};
  ASSERT_TRUE(db.update_item(drop).is_ok());
  EXPECT_EQ(dump(*db.query(input)->items[0]), R"({"creator":{"S":"m1"},"productId":{"S":"p1"}})");
  bump.options.substitutions = subs(R"({":s":{"N":"8"}})");
  ASSERT_TRUE(db.update_item(bump).is_ok());
  EXPECT_EQ(dump(*db.query(input)->items[0]),
            R"({"creator":{"S":"m1"},"productId":{"S":"p1"},"score":{"N":"8"}})");
  // An index added later is backfilled with the same views.
  ASSERT_TRUE(db.create_global_index(
                    "Products",
                    {"ProductsByCreatorX", hash_key("creator"), ProjectionType::kInclude, {"x"}},
                    {{"creator", ValueType::kS}})
                  .is_ok());
  input.index = "ProductsByCreatorX";
  out = db.query(input);
  ASSERT_TRUE(out.is_ok()) << out.status().to_string();
  ASSERT_EQ(out->items.size(), 1u);
  EXPECT_EQ(dump(*out->items[0]), R"({"creator":{"S":"m1"},"productId":{"S":"p1"},"x":{"N":"8"}})");
}

TEST_F(QueryTest, ScanSegmentsPartitionTheTableAndOrderIsDeterministic) {
  ScanInput whole;
  whole.table = "Events";
  auto all = db.scan(whole);
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(all->count, 11u);
  std::multiset<std::string> from_segments;
  for (std::uint32_t segment = 0; segment < 4; ++segment) {
    ScanInput part = whole;
    part.segment = segment;
    part.total_segments = 4;
    auto out = db.scan(part);
    ASSERT_TRUE(out.is_ok()) << out.status().to_string();
    for (const auto& row : out->items) from_segments.insert(dump(*row));
  }
  EXPECT_EQ(from_segments.size(), 11u);
  std::multiset<std::string> whole_set;
  for (const auto& row : all->items) whole_set.insert(dump(*row));
  EXPECT_EQ(from_segments, whole_set);
  ScanInput bad = whole;
  bad.segment = 4;
  bad.total_segments = 4;
  EXPECT_EQ(db.scan(bad).error().type, "ValidationException");
  // A second service with the same writes scans in the same order.
  EXPECT_EQ(dump(*db.scan(whole)->items.front()), dump(*all->items.front()));
}

TEST_F(DynamoDbServiceTest, ScanPagesStopAtOneMegabyte) {
  create_simple();
  for (int i = 0; i < 30; ++i) {
    Item row;
    row["id"] = AttributeValue::string("k" + std::to_string(i));
    row["blob"] = AttributeValue::string(std::string(100 * 1024, 'x'));
    ASSERT_TRUE(db.put_item({"T", row, {}}).is_ok());
  }
  ScanInput input;
  input.table = "T";
  auto page = db.scan(input);
  ASSERT_TRUE(page.is_ok());
  EXPECT_EQ(page->count, 11u);  // 11 × ~100 KB crosses 1 MB
  EXPECT_TRUE(page->last_evaluated_key);
}

TEST_F(DynamoDbServiceTest, TransactionsAreAllOrNothing) {
  create_simple();
  put("T", R"({"id":{"S":"a"},"v":{"N":"1"}})");
  std::vector<TransactWriteElement> elements(2);
  elements[0] = {TransactWriteElement::Kind::kPut, "T", item(R"({"id":{"S":"b"}})"), "", {}};
  elements[1] = {
      TransactWriteElement::Kind::kConditionCheck, "T", item(R"({"id":{"S":"a"}})"), "", {}};
  elements[1].options.condition = "v = :two";
  elements[1].options.substitutions = subs(R"({":two":{"N":"2"}})");
  const Status cancelled = db.transact_write(elements);
  ASSERT_FALSE(cancelled.is_ok());
  EXPECT_EQ(cancelled.error().type, "TransactionCanceledException");
  EXPECT_EQ(cancelled.error().message,
            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
            "ConditionalCheckFailed]");
  EXPECT_EQ(json::parse(cancelled.error().details_json)["CancellationReasons"][1]["Code"],
            "ConditionalCheckFailed");
  EXPECT_FALSE(get("T", R"({"id":{"S":"b"}})"));  // the put did not happen
  elements[1].options.substitutions = subs(R"({":two":{"N":"1"}})");
  ASSERT_TRUE(db.transact_write(elements).is_ok());
  EXPECT_TRUE(get("T", R"({"id":{"S":"b"}})"));
  elements[1] = {TransactWriteElement::Kind::kDelete, "T", item(R"({"id":{"S":"b"}})"), "", {}};
  EXPECT_EQ(db.transact_write(elements).error().message,
            "Transaction request cannot include multiple operations on one item");
}

TEST_F(DynamoDbServiceTest, TransactionClientRequestTokenIsIdempotentForTenMinutes) {
  create_simple();
  std::vector<TransactWriteElement> add(1);
  add[0] = {
      TransactWriteElement::Kind::kUpdate, "T", item(R"({"id":{"S":"a"}})"), "ADD n :one", {}};
  add[0].options.substitutions = subs(R"({":one":{"N":"1"}})");
  ASSERT_TRUE(db.transact_write(add, "token-1", "request-1").is_ok());
  ASSERT_TRUE(db.transact_write(add, "token-1", "request-1").is_ok());  // a retry: applied once
  EXPECT_EQ(dump(*get("T", R"({"id":{"S":"a"}})")), R"({"id":{"S":"a"},"n":{"N":"1"}})");
  EXPECT_EQ(db.transact_write(add, "token-1", "request-2").error().type,
            "IdempotentParameterMismatchException");
  scheduler.run_for(std::chrono::minutes(11));
  ASSERT_TRUE(db.transact_write(add, "token-1", "request-1").is_ok());  // the token expired
  EXPECT_EQ(dump(*get("T", R"({"id":{"S":"a"}})")), R"({"id":{"S":"a"},"n":{"N":"2"}})");
}

TEST_F(DynamoDbServiceTest, StreamHasOneRecordPerRealChangeAndNoneForNoOps) {
  TableDefinition definition{"T", hash_key("id"), {{"id", ValueType::kS}}};
  definition.stream = StreamViewType::kNewAndOldImages;
  create(definition);
  put("T", R"({"id":{"S":"a"},"v":{"N":"1"}})");    // INSERT
  put("T", R"({"id":{"S":"a"},"v":{"N":"1.0"}})");  // same item: no record
  UpdateItemInput update{"T", item(R"({"id":{"S":"a"}})"), "SET v = :v", {}};
  update.options.substitutions = subs(R"({":v":{"N":"2"}})");
  ASSERT_TRUE(db.update_item(update).is_ok());  // MODIFY
  ASSERT_TRUE(db.update_item(update).is_ok());  // no change: no record
  ASSERT_TRUE(db.delete_item({"T", item(R"({"id":{"S":"a"}})"), {}}).is_ok());  // REMOVE
  ASSERT_TRUE(db.delete_item({"T", item(R"({"id":{"S":"a"}})"), {}}).is_ok());  // nothing to delete
  const auto arns = db.list_stream_arns("T");
  ASSERT_EQ(arns.size(), 1u);
  EXPECT_EQ(arns[0],
            "arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2017-03-28T00:00:00.000");
  auto view = db.stream(arns[0]);
  ASSERT_EQ(view->end_index - view->first_index, 3u);
  const auto& insert = db.stream_record(arns[0], 0);
  const auto& modify = db.stream_record(arns[0], 1);
  const auto& remove = db.stream_record(arns[0], 2);
  EXPECT_EQ(insert.event_name, "INSERT");
  EXPECT_FALSE(insert.old_image);
  EXPECT_EQ(dump(*insert.new_image), R"({"id":{"S":"a"},"v":{"N":"1"}})");
  EXPECT_EQ(modify.event_name, "MODIFY");
  EXPECT_EQ(dump(*modify.old_image), R"({"id":{"S":"a"},"v":{"N":"1"}})");
  EXPECT_EQ(dump(*modify.new_image), R"({"id":{"S":"a"},"v":{"N":"2"}})");
  EXPECT_EQ(remove.event_name, "REMOVE");
  EXPECT_EQ(dump(remove.keys), R"({"id":{"S":"a"}})");
  EXPECT_LT(insert.sequence_number, modify.sequence_number);
  EXPECT_LT(modify.sequence_number, remove.sequence_number);
  EXPECT_GT(insert.size_bytes, 0u);
}

TEST_F(DynamoDbServiceTest, StreamViewTypesAndRetention) {
  TableDefinition definition{"T", hash_key("id"), {{"id", ValueType::kS}}};
  definition.stream = StreamViewType::kKeysOnly;
  create(definition);
  put("T", R"({"id":{"S":"a"},"v":{"N":"1"}})");
  const std::string arn = db.list_stream_arns("T")[0];
  EXPECT_FALSE(db.stream_record(arn, 0).new_image);
  EXPECT_FALSE(db.stream_record(arn, 0).old_image);
  scheduler.run_for(std::chrono::hours(25));
  auto view = db.stream(arn);
  EXPECT_EQ(view->first_index, view->end_index);  // trimmed after 24 h
  // Disabling and re-enabling gives a new stream with a new label.
  ASSERT_TRUE(db.update_stream("T", std::nullopt).is_ok());
  ASSERT_TRUE(db.update_stream("T", StreamViewType::kNewImage).is_ok());
  EXPECT_EQ(db.list_stream_arns("T").size(), 2u);
  EXPECT_EQ(db.update_stream("T", StreamViewType::kNewImage).error().type, "ValidationException");
}

// ../shared/functions.md, "winner, ordered": the exact table layouts and requests.
class WinnerOrderedRequestsTest : public DynamoDbServiceTest {
 protected:
  void SetUp() override {
    TableDefinition contributions{"Contributions",
                                  hash_key("productId"),
                                  {{"productId", ValueType::kS},
                                   {"creator", ValueType::kS},
                                   {"photographer", ValueType::kS}}};
    contributions.global_indexes.push_back({"ProductsByCreator",
                                            hash_key("creator"),
                                            ProjectionType::kInclude,
                                            {"productId", "creatorScore"}});
    contributions.global_indexes.push_back({"ProductsByPhotographer",
                                            hash_key("photographer"),
                                            ProjectionType::kInclude,
                                            {"productId", "photographerScore"}});
    create(contributions);
    TableDefinition scores{
        "Scores",
        hash_range("userId", "role"),
        {{"userId", ValueType::kS}, {"role", ValueType::kS}, {"score", ValueType::kN}}};
    scores.global_indexes.push_back(
        {"ScoresByRole",
         {{"role", ValueType::kS}, KeyAttribute{"score", ValueType::kN}},
         ProjectionType::kAll,
         {}});
    create(scores);
  }

  Status registration(const char* product, const char* role, const char* origin,
                      const char* event_id) {
    const bool creator = std::string(role) == "creator";
    UpdateItemInput input{"Contributions", {}, "", {}};
    input.key["productId"] = AttributeValue::string(product);
    input.update = creator
                       ? "SET #c = if_not_exists(#c, :now), #cb = if_not_exists(#cb, :origin), #u "
                         "= :now, #ub = :origin, "
                         "#role = if_not_exists(#role, :origin), #rs = if_not_exists(#rs, :zero), "
                         "#ps = if_not_exists(#ps, :zero), #pe = :neg, #lei = :eventId"
                       : "SET #c = if_not_exists(#c, :now), #cb = if_not_exists(#cb, :origin), #u "
                         "= :now, #ub = :origin, "
                         "#role = if_not_exists(#role, :origin), #rs = if_not_exists(#rs, :zero), "
                         "#cs = if_not_exists(#cs, :zero), #cr = if_not_exists(#cr, :unknown), "
                         "#lei = :eventId REMOVE #pe";
    input.options.condition = "attribute_not_exists(#lei) OR #lei < :eventId";
    std::string values =
        std::string(R"({":now":{"S":"2017-03-28T00:00:00.000Z"},":origin":{"S":")") + origin +
        R"("},":zero":{"N":"0"},":eventId":{"S":")" + event_id + "\"}" +
        (creator ? R"(,":neg":{"N":"-1"}})" : R"(,":unknown":{"S":"UNKNOWN"}})");
    input.options.substitutions = subs(values.c_str());
    input.options.substitutions.names = {{"#c", "created"},
                                         {"#cb", "createdBy"},
                                         {"#u", "updated"},
                                         {"#ub", "updatedBy"},
                                         {"#role", role},
                                         {"#lei", "lastEventId"},
                                         {"#rs", std::string(role) + "Score"},
                                         {"#pe", "photographerExists"}};
    if (creator) {
      input.options.substitutions.names["#ps"] = "photographerScore";
    } else {
      input.options.substitutions.names["#cs"] = "creatorScore";
      input.options.substitutions.names["#cr"] = "creator";
    }
    return db.update_item(input).status();
  }

  Status purchase(const char* product, const char* event_id) {
    UpdateItemInput input{"Contributions", {}, "", {}};
    input.key["productId"] = AttributeValue::string(product);
    input.update =
        "SET #cs = if_not_exists(#cs, :zero) + :one, "
        "#ps = if_not_exists(#pe, if_not_exists(#ps, :zero)) + :one, "
        "#cr = if_not_exists(#cr, :unknown), #lei = :eventId";
    input.options.condition = "attribute_not_exists(#lei) OR #lei < :eventId";
    input.options.substitutions = subs(
        (std::string(
             R"({":zero":{"N":"0"},":one":{"N":"1"},":unknown":{"S":"UNKNOWN"},":eventId":{"S":")") +
         event_id + "\"}}")
            .c_str(),
        {{"#cs", "creatorScore"},
         {"#ps", "photographerScore"},
         {"#pe", "photographerExists"},
         {"#cr", "creator"},
         {"#lei", "lastEventId"}});
    return db.update_item(input).status();
  }

  // Recompute Scores[user, role] from the role's GSI (the original's read-then-blind-SET).
  void recompute(const char* user, const char* role) {
    const bool creator = std::string(role) == "creator";
    QueryInput query;
    query.table = "Contributions";
    query.index = creator ? "ProductsByCreator" : "ProductsByPhotographer";
    query.key_condition = "#r = :u";
    query.substitutions =
        subs((std::string(R"({":u":{"S":")") + user + "\"}}").c_str(), {{"#r", role}});
    auto rows = db.query(query);
    ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
    Decimal sum;
    for (const auto& row : rows->items) {
      sum = sum.plus(row->at(creator ? "creatorScore" : "photographerScore").as_number()).value();
    }
    UpdateItemInput write{"Scores", {}, "SET #s = :s", {}};
    write.key["userId"] = AttributeValue::string(user);
    write.key["role"] = AttributeValue::string(role);
    write.options.substitutions.names = {{"#s", "score"}};
    write.options.substitutions.values = {{":s", AttributeValue::number(sum)}};
    ASSERT_TRUE(db.update_item(write).is_ok());
  }
};

TEST_F(WinnerOrderedRequestsTest, InOrderEventsGiveTheExpectedContributionsAndScores) {
  ASSERT_TRUE(registration("p1", "creator", "m1", "shardId-000000000000:01").is_ok());
  ASSERT_TRUE(registration("p1", "photographer", "ph1", "shardId-000000000000:02").is_ok());
  ASSERT_TRUE(purchase("p1", "shardId-000000000000:03").is_ok());
  ASSERT_TRUE(purchase("p1", "shardId-000000000000:04").is_ok());
  // A duplicate (same eventId) fails the condition: "already processed".
  EXPECT_EQ(purchase("p1", "shardId-000000000000:04").type(), "ConditionalCheckFailedException");
  const auto row = *get("Contributions", R"({"productId":{"S":"p1"}})");
  EXPECT_EQ(row.at("creator").as_string(), "m1");
  EXPECT_EQ(row.at("photographer").as_string(), "ph1");
  EXPECT_EQ(row.at("creatorScore").as_number().to_string(), "2");
  // The photographer registered, so photographerExists was removed and the score moves.
  EXPECT_EQ(row.count("photographerExists"), 0u);
  EXPECT_EQ(row.at("photographerScore").as_number().to_string(), "2");
  recompute("m1", "creator");
  recompute("ph1", "photographer");
  EXPECT_EQ(dump(*get("Scores", R"({"userId":{"S":"m1"},"role":{"S":"creator"}})")),
            R"({"role":{"S":"creator"},"score":{"N":"2"},"userId":{"S":"m1"}})");
  EXPECT_EQ(get("Scores", R"({"userId":{"S":"ph1"},"role":{"S":"photographer"}})")
                ->at("score")
                .as_number()
                .to_string(),
            "2");
}

TEST_F(WinnerOrderedRequestsTest, APurchaseBeforeTheRegistrationsCreditsUnknown) {
  ASSERT_TRUE(purchase("p1", "shardId-000000000000:03").is_ok());
  // The late registrations carry older eventIds: their conditions fail.
  EXPECT_EQ(registration("p1", "creator", "m1", "shardId-000000000000:01").type(),
            "ConditionalCheckFailedException");
  const auto row = *get("Contributions", R"({"productId":{"S":"p1"}})");
  EXPECT_EQ(row.at("creator").as_string(), "UNKNOWN");
  recompute("UNKNOWN", "creator");
  EXPECT_EQ(get("Scores", R"({"userId":{"S":"UNKNOWN"},"role":{"S":"creator"}})")
                ->at("score")
                .as_number()
                .to_string(),
            "1");
}

}  // namespace
}  // namespace streamlab::dynamodb
