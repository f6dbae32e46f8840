// UpdateItem and Query skip their expression checks for a request shape that
// passed them before (emulator/dynamodb/checked_shapes.h). Anything the checks
// read that differs — a value's name, a name's mapping, an expression, the
// index, the table — must send the request through them again.
#include "emulator/dynamodb/checked_shapes.h"

#include <gtest/gtest.h>

#include <memory>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/dynamodb/dynamodb_service.h"

namespace streamlab::dynamodb {
namespace {

expressions::Substitutions substitutions(
    std::initializer_list<std::pair<std::string, std::string>> names,
    std::initializer_list<std::string> values) {
  expressions::Substitutions out;
  for (const auto& [name, attribute] : names) out.names[name] = attribute;
  for (const auto& value : values) out.values[value] = AttributeValue::string("x");
  return out;
}

// Stand-ins for parsed expressions: a shape compares their addresses.
const std::shared_ptr<const void> kUpdate = std::make_shared<const int>(1);
const std::shared_ptr<const void> kOtherUpdate = std::make_shared<const int>(2);
const std::shared_ptr<const void> kCondition = std::make_shared<const int>(3);

TEST(CheckedShapesTest, ASameShapeWithOtherValuesPassesAnyOtherShapeDoesNot) {
  CheckedShapes shapes;
  const auto base = substitutions({{"#a", "a"}}, {":v"});
  const void* update = kUpdate.get();
  EXPECT_FALSE(shapes.passed(1, {update, nullptr}, {"ByA"}, base));
  shapes.remember(1, {kUpdate, nullptr}, {"ByA"}, base);
  EXPECT_TRUE(shapes.passed(1, {update, nullptr}, {"ByA"}, base));
  auto other_value = base;
  other_value.values[":v"] = AttributeValue::string("another value");
  EXPECT_TRUE(shapes.passed(1, {update, nullptr}, {"ByA"}, other_value));

  EXPECT_FALSE(shapes.passed(2, {update, nullptr}, {"ByA"}, base));              // another table
  EXPECT_FALSE(shapes.passed(1, {kOtherUpdate.get(), nullptr}, {"ByA"}, base));  // another update
  EXPECT_FALSE(shapes.passed(1, {update, kCondition.get()}, {"ByA"}, base));     // a condition
  EXPECT_FALSE(shapes.passed(1, {update, nullptr}, {"ByB"}, base));              // another index
  EXPECT_FALSE(shapes.passed(1, {update, nullptr}, {"ByA"}, substitutions({{"#a", "b"}}, {":v"})));
  EXPECT_FALSE(shapes.passed(1, {update, nullptr}, {"ByA"},
                             substitutions({{"#a", "a"}, {"#b", "b"}}, {":v"})));
  EXPECT_FALSE(shapes.passed(1, {update, nullptr}, {"ByA"}, substitutions({{"#a", "a"}}, {":w"})));
  EXPECT_FALSE(
      shapes.passed(1, {update, nullptr}, {"ByA"}, substitutions({{"#a", "a"}}, {":v", ":w"})));
  EXPECT_FALSE(shapes.passed(1, {update, nullptr}, {"ByA"}, substitutions({{"#a", "a"}}, {})));
  EXPECT_FALSE(shapes.passed(1, {update}, {"ByA"}, base));                    // fewer expressions
  EXPECT_FALSE(shapes.passed(1, {update, nullptr, nullptr}, {"ByA"}, base));  // more expressions
  EXPECT_FALSE(shapes.passed(1, {update, nullptr}, {}, base));                // fewer texts
  EXPECT_FALSE(shapes.passed(1, {update, nullptr}, {"ByA", ""}, base));       // more texts
}

// A remembered shape holds its expressions: while it is remembered, no other
// expression can be made at the address of one, and pass for it.
TEST(CheckedShapesTest, AShapeHoldsItsExpressions) {
  CheckedShapes shapes;
  const auto none = substitutions({}, {});
  auto parsed = std::make_shared<const int>(7);
  const std::weak_ptr<const int> watched = parsed;
  shapes.remember(1, {parsed}, {}, none);
  parsed.reset();
  EXPECT_FALSE(watched.expired());
  // Replaced by newer shapes, it lets go.
  for (std::size_t i = 0; i < CheckedShapes::kRemembered; ++i)
    shapes.remember(1, {kUpdate}, {"other" + std::to_string(i)}, none);
  EXPECT_TRUE(watched.expired());
}

// Requests copy one constant names map: a copy shares the remembered entries
// and passes without comparing them; a copy changed afterwards does not.
TEST(CheckedShapesTest, ANamesMapSharedWithAPassedShapePassesAChangedCopyDoesNot) {
  CheckedShapes shapes;
  const auto base = substitutions({{"#a", "a"}}, {":v"});
  shapes.remember(1, {kUpdate}, {}, base);
  auto copy = base;
  ASSERT_TRUE(copy.names.shares_entries_with(base.names));
  EXPECT_TRUE(shapes.passed(1, {kUpdate.get()}, {}, copy));
  copy.names["#a"] = "b";
  EXPECT_FALSE(shapes.passed(1, {kUpdate.get()}, {}, copy));
  auto added = base;
  added.names.emplace("#b", "b");
  EXPECT_FALSE(shapes.passed(1, {kUpdate.get()}, {}, added));
}

TEST(CheckedShapesTest, RemembersTheLatestShapesOnly) {
  CheckedShapes shapes;
  const auto none = substitutions({}, {});
  for (std::size_t i = 0; i <= CheckedShapes::kRemembered; ++i)
    shapes.remember(1, {kUpdate}, {"a" + std::to_string(i)}, none);
  EXPECT_FALSE(shapes.passed(1, {kUpdate.get()}, {"a0"}, none));  // the oldest was replaced
  for (std::size_t i = 1; i <= CheckedShapes::kRemembered; ++i)
    EXPECT_TRUE(shapes.passed(1, {kUpdate.get()}, {"a" + std::to_string(i)}, none)) << i;
}

// Table T keyed on `id` (a string).
TableDefinition table_t() {
  TableDefinition table;
  table.name = "T";
  table.key.hash = {"id", ValueType::kS};
  table.attribute_definitions = {{"id", ValueType::kS}};
  return table;
}

// Through UpdateItem: after a request passed, requests that differ from it
// in what the checks read still get the checks' errors.
TEST(CheckedShapesTest, UpdateItemStillRejectsWhatDiffersFromAPassedShape) {
  SimulatedScheduler scheduler({.seed = 1});
  DynamoDbService db(scheduler, DynamoDbOptions{});
  TableDefinition table = table_t();
  ASSERT_TRUE(db.create_table(table).is_ok());
  scheduler.run_for(std::chrono::seconds(1));
  const auto update = [&](std::string expression, expressions::Substitutions subs,
                          std::string condition = "") {
    UpdateItemInput input{"T", {}, std::move(expression), {}};
    input.key["id"] = AttributeValue::string("1");
    input.options.substitutions = std::move(subs);
    input.options.condition = std::move(condition);
    return db.update_item(input);
  };
  ASSERT_TRUE(update("SET #a = :v", substitutions({{"#a", "a"}}, {":v"})).is_ok());
  ASSERT_TRUE(update("SET #a = :v", substitutions({{"#a", "a"}}, {":v"})).is_ok());  // remembered
  EXPECT_EQ(update("SET #a = :v", substitutions({{"#a", "a"}}, {":v", ":unused"})).error().message,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
  EXPECT_EQ(update("SET #a = :v", substitutions({{"#a", "id"}}, {":v"})).error().message,
            "One or more parameter values were invalid: Cannot update attribute id. This "
            "attribute is part of the key");
  EXPECT_EQ(update("SET #a = :v", substitutions({{"#a", "a"}}, {":v"}), "#b = :v").error().message,
            "Invalid ConditionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #b");

  // The table deleted and created again with `a` as its key: the shape that
  // passed on the old table is checked again on the new one.
  ASSERT_TRUE(db.delete_table("T").is_ok());
  scheduler.run_for(std::chrono::seconds(60));
  table.key.hash = {"a", ValueType::kS};
  table.attribute_definitions = {{"a", ValueType::kS}};
  ASSERT_TRUE(db.create_table(table).is_ok());
  scheduler.run_for(std::chrono::seconds(60));
  UpdateItemInput input{"T", {}, "SET #a = :v", {}};
  input.key["a"] = AttributeValue::string("1");
  input.options.substitutions = substitutions({{"#a", "a"}}, {":v"});
  EXPECT_EQ(db.update_item(input).error().message,
            "One or more parameter values were invalid: Cannot update attribute a. This "
            "attribute is part of the key");
}

// Through Query: the same checks on a GSI and on the table, and an index of a
// table created again with another key is another shape.
TEST(CheckedShapesTest, QueryStillRejectsWhatDiffersFromAPassedShape) {
  SimulatedScheduler scheduler({.seed = 1});
  DynamoDbService db(scheduler, DynamoDbOptions{});
  TableDefinition table = table_t();
  table.attribute_definitions.push_back({"g", ValueType::kS});
  table.global_indexes = {{"ByG", {{"g", ValueType::kS}, std::nullopt}, ProjectionType::kAll, {}}};
  ASSERT_TRUE(db.create_table(table).is_ok());
  scheduler.run_for(std::chrono::seconds(1));
  const auto query = [&](std::string index, std::string condition, expressions::Substitutions subs,
                         std::string filter = "") {
    QueryInput input;
    input.table = "T";
    input.index = std::move(index);
    input.key_condition = std::move(condition);
    input.filter = std::move(filter);
    input.substitutions = std::move(subs);
    return db.query(input);
  };
  ASSERT_TRUE(query("ByG", "#k = :v", substitutions({{"#k", "g"}}, {":v"})).is_ok());
  ASSERT_TRUE(query("ByG", "#k = :v", substitutions({{"#k", "g"}}, {":v"})).is_ok());  // remembered
  EXPECT_EQ(query("ByG", "#k = :v", substitutions({{"#k", "id"}}, {":v"})).error().message,
            "Query condition missed key schema element: g");
  EXPECT_EQ(query("ByG", "#k = :v", substitutions({{"#k", "g"}}, {":v", ":w"})).error().message,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  EXPECT_EQ(query("", "#k = :v", substitutions({{"#k", "g"}}, {":v"})).error().message,
            "Query condition missed key schema element: id");
  EXPECT_EQ(
      query("ByG", "#k = :v", substitutions({{"#k", "g"}}, {":v"}), "#k = :v").error().message,
      "Filter Expression can only contain non-primary key attributes: Primary key attribute: g");

  // T created again with ByG on `h`: the shape that passed is checked again.
  ASSERT_TRUE(db.delete_table("T").is_ok());
  scheduler.run_for(std::chrono::seconds(60));
  table.attribute_definitions = {{"id", ValueType::kS}, {"h", ValueType::kS}};
  table.global_indexes = {{"ByG", {{"h", ValueType::kS}, std::nullopt}, ProjectionType::kAll, {}}};
  ASSERT_TRUE(db.create_table(table).is_ok());
  scheduler.run_for(std::chrono::seconds(60));
  EXPECT_EQ(query("ByG", "#k = :v", substitutions({{"#k", "g"}}, {":v"})).error().message,
            "Query condition missed key schema element: h");
}

}  // namespace
}  // namespace streamlab::dynamodb
