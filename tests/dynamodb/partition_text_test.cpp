// Items entering a GSI partition the index already has take the text the
// partition stores (emulator/dynamodb/table_model.h, partition_text): the same
// bytes, one buffer, so a Query's partition value read from any of them
// compares with the partition's without reading it. Through PutItem (the
// general write path) and UpdateItem (the in-place path); results unchanged.
#include <gtest/gtest.h>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/dynamodb/dynamodb_service.h"

namespace streamlab::dynamodb {
namespace {

const std::string kCreator = "hello-retail/product-producer-creator/merchant-7/Merchant 7";

class PartitionTextTest : public ::testing::Test {
 protected:
  SimulatedScheduler scheduler{{.seed = 1}};
  DynamoDbService db{scheduler, DynamoDbOptions{}};

  void SetUp() override {
    TableDefinition table;
    table.name = "Products";
    table.key.hash = {"productId", ValueType::kS};
    table.attribute_definitions = {{"productId", ValueType::kS}, {"creator", ValueType::kS}};
    table.global_indexes = {
        {"ByCreator", {{"creator", ValueType::kS}, std::nullopt}, ProjectionType::kAll, {}}};
    ASSERT_TRUE(db.create_table(table).is_ok());
    scheduler.run_for(std::chrono::seconds(1));
  }
  void put(const std::string& product, const std::string& creator) {
    PutItemInput input;
    input.table = "Products";
    input.item["productId"] = AttributeValue::string(product);
    // A fresh string each time: equal bytes, its own buffer.
    if (!creator.empty()) input.item["creator"] = AttributeValue::string(std::string(creator));
    ASSERT_TRUE(db.put_item(std::move(input)).is_ok());
  }
  void set_creator(const std::string& product, const std::string& creator) {
    UpdateItemInput input{"Products", {}, "SET creator = :c", {}};
    input.key["productId"] = AttributeValue::string(product);
    input.options.substitutions.values[":c"] = AttributeValue::string(std::string(creator));
    ASSERT_TRUE(db.update_item(input).is_ok());
  }
  AttributeValue creator_of(const std::string& product) {
    GetItemInput input{"Products", {}, false, "", {}};
    input.key["productId"] = AttributeValue::string(product);
    auto item = db.get_item(input);
    EXPECT_TRUE(item.is_ok() && *item);
    return item.is_ok() && *item ? (**item).at("creator") : AttributeValue();
  }
};

TEST_F(PartitionTextTest, ItemsOfOnePartitionShareItsText) {
  put("p1", kCreator);
  put("p2", kCreator);  // general path: enters p1's partition
  put("p3", "");
  set_creator("p3", kCreator);  // in place: enters it too
  const AttributeValue first = creator_of("p1");
  EXPECT_TRUE(creator_of("p2").shares_text_with(first));
  EXPECT_TRUE(creator_of("p3").shares_text_with(first));
  EXPECT_EQ(creator_of("p3").as_string(), kCreator);

  // Another value is its own partition, with its own text.
  put("p4", kCreator + " (another)");
  EXPECT_FALSE(creator_of("p4").shares_text_with(first));

  QueryInput query;
  query.table = "Products";
  query.index = "ByCreator";
  query.key_condition = "creator = :c";
  query.substitutions.values[":c"] = first;
  auto rows = db.query(query);
  ASSERT_TRUE(rows.is_ok());
  ASSERT_EQ(rows->items.size(), 3u);
  for (const auto& row : rows->items) EXPECT_EQ(row->at("creator").as_string(), kCreator);
}

}  // namespace
}  // namespace streamlab::dynamodb
