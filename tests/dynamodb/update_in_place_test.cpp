// UpdateItem changes an item where it is stored when nothing needs its old
// image (emulator/dynamodb/update_in_place.cpp). It must be indistinguishable
// from the general copy-and-commit path: the same random updates go to two
// tables that differ only in a stream (which forces the general path) and
// must give the same answers, items and index contents.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/core/seeded_random.h"
#include "emulator/core/simulated_scheduler.h"
#include "emulator/dynamodb/attribute_json.h"
#include "emulator/dynamodb/dynamodb_service.h"

namespace streamlab::dynamodb {
namespace {

TableDefinition products(const std::string& name) {
  TableDefinition definition;
  definition.name = name;
  definition.key.hash = {"productId", ValueType::kS};
  definition.attribute_definitions = {
      {"productId", ValueType::kS}, {"creator", ValueType::kS}, {"rank", ValueType::kN}};
  IndexDefinition include{
      "ByCreator", {{"creator", ValueType::kS}, std::nullopt}, ProjectionType::kInclude, {"score"}};
  IndexDefinition keys{"ByCreatorRank",
                       {{"creator", ValueType::kS}, KeyAttribute{"rank", ValueType::kN}},
                       ProjectionType::kKeysOnly,
                       {}};
  IndexDefinition all{
      "AllByRank", {{"rank", ValueType::kN}, std::nullopt}, ProjectionType::kAll, {}};
  definition.global_indexes = {include, keys, all};
  return definition;
}

std::string describe(const Result<WriteOutput>& out) {
  if (!out.is_ok()) return "error: " + out.error().message;
  return out->attributes ? item_to_json(*out->attributes).dump() : "ok";
}

std::string contents(DynamoDbService& db, const std::string& table) {
  std::string out;
  ScanInput scan;
  scan.table = table;
  auto items = db.scan(scan);
  EXPECT_TRUE(items.is_ok());
  for (const auto& row : items->items) out += item_to_json(*row).dump() + "\n";
  for (const char* index : {"ByCreator", "ByCreatorRank", "AllByRank"}) {
    scan.index = index;
    auto rows = db.scan(scan);
    EXPECT_TRUE(rows.is_ok()) << rows.status().to_string();
    out += std::string(index) + ":\n";
    for (const auto& row : rows->items) out += item_to_json(*row).dump() + "\n";
  }
  return out;
}

TEST(UpdateInPlaceTest, GivesTheSameResultsAsTheGeneralPath) {
  SimulatedScheduler scheduler({.seed = 3});
  DynamoDbService db(scheduler, DynamoDbOptions{});
  TableDefinition streamed = products("Streamed");
  streamed.stream = StreamViewType::kKeysOnly;  // any stream needs the old image
  ASSERT_TRUE(db.create_table(streamed).is_ok());
  ASSERT_TRUE(db.create_table(products("Plain")).is_ok());
  scheduler.run_for(std::chrono::seconds(1));

  SeededRandom random(11);
  const auto pick = [&random](std::initializer_list<const char*> options) {
    return std::data(options)[random.uniform(options.size())];
  };
  // Three big attributes pass DynamoDB's 400 KB item limit; two do not.
  const std::string long_text(150 * 1024, 'x');
  std::map<std::string, int> outcomes;  // the run must reach every kind of answer
  for (int step = 0; step < 3000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    UpdateItemInput input{"", {}, "", {}};
    input.key["productId"] = AttributeValue::string(pick({"p1", "p2", "p3"}));
    // Actions over plain attributes, included ones and index keys, with
    // right-hand sides that read the old item (also one that the same update
    // removes or overwrites: "SET note = creator REMOVE creator", a swap).
    std::vector<std::string> actions;
    std::vector<std::string> used;
    const int count = static_cast<int>(random.uniform(3)) + 1;
    for (int i = 0; i < count; ++i) {
      const std::string target =
          pick({"score", "note", "creator", "rank", "big", "big2", "big3", "score", "creator"});
      if (std::find(used.begin(), used.end(), target) != used.end()) continue;
      used.push_back(target);
      if (random.uniform(5) == 0) {
        actions.push_back("REMOVE " + target);
        continue;
      }
      std::string value;
      if (target == "score" || target == "rank") {
        value = pick({"if_not_exists(", "", ""});
        // A string for the N index key `rank` is a type mismatch.
        value = value.empty() ? pick({":one", ":two", "score", ":m1"})
                              : value + target + ", :zero) + :one";
      } else if (target == "creator") {
        value = pick({"if_not_exists(creator, :m1)", ":m1", ":m2", "creator", "note"});
      } else if (target.starts_with("big")) {
        value = pick({":big", ":m1"});
      } else {
        value = pick({":m1", "note", "creator"});
      }
      actions.push_back("SET " + target + " = " + value);
    }
    std::string update;
    for (const auto& action : actions) {  // "SET a = x, b = y REMOVE c"
      const bool set = action.starts_with("SET ");
      const std::string clause = set ? "SET " : "REMOVE ";
      const std::string body = action.substr(clause.size());
      const auto at = update.find(clause);
      if (at == std::string::npos) {
        update += (update.empty() ? "" : " ") + clause + body;
      } else {
        update.insert(at + clause.size(), body + ", ");
      }
    }
    input.update = update;
    auto& values = input.options.substitutions.values;
    for (const auto& [name, value] : std::vector<std::pair<const char*, AttributeValue>>{
             {":one", AttributeValue::number(Decimal::from_integer(1))},
             {":two", AttributeValue::number(Decimal::from_integer(2))},
             {":zero", AttributeValue::number(Decimal::from_integer(0))},
             {":m1", AttributeValue::string("m1")},
             {":m2", AttributeValue::string("m2")},
             {":big", AttributeValue::string(long_text + std::to_string(step))}}) {
      if (update.find(name) != std::string::npos) values[name] = value;
    }
    if (random.uniform(4) == 0) input.options.condition = "attribute_not_exists(note)";
    if (random.uniform(50) == 0) {  // so items are created again (the general path)
      for (const char* table : {"Plain", "Streamed"}) {
        DeleteItemInput remove;
        remove.table = table;
        remove.key = input.key;
        ASSERT_TRUE(db.delete_item(remove).is_ok());
      }
    }
    UpdateItemInput streamed_input = input;
    streamed_input.table = "Streamed";
    input.table = "Plain";
    const auto general = db.update_item(streamed_input);
    const auto in_place = db.update_item(input);
    ASSERT_EQ(describe(in_place), describe(general)) << update;
    const std::string answer = describe(general);
    for (const char* kind :
         {"ok", "error: Item size has exceeded", "error: The provided expression",
          "error: The conditional request failed",
          "error: One or more parameter values were invalid: Type mismatch for Index Key rank"}) {
      if (answer.starts_with(kind)) ++outcomes[kind];
    }
    if (step % 50 == 0) {
      ASSERT_EQ(contents(db, "Plain"), contents(db, "Streamed"));
    }
  }
  EXPECT_EQ(contents(db, "Plain"), contents(db, "Streamed"));
  EXPECT_GT(outcomes["ok"], 1000);
  EXPECT_GT(outcomes["error: Item size has exceeded"], 10);
  EXPECT_GT(outcomes["error: The provided expression"], 10);
  EXPECT_GT(outcomes["error: The conditional request failed"], 10);
  EXPECT_GT(
      outcomes
          ["error: One or more parameter values were invalid: Type mismatch for Index Key rank"],
      10);
}

}  // namespace
}  // namespace streamlab::dynamodb
