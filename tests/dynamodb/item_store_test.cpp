// The item storage seam (issue: "Storage: behind an interface"): the in-memory
// store's ordering and cursors, and the service doing every item read and
// write through whatever store it is given.
#include "emulator/dynamodb/item_store.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "emulator/core/simulated_scheduler.h"
#include "emulator/dynamodb/attribute_json.h"
#include "emulator/dynamodb/dynamodb_service.h"
#include "tests/dynamodb/products_table.h"

namespace streamlab::dynamodb {
namespace {

using nlohmann::json;

PrimaryKey key(std::uint64_t order, const std::string& hash, std::optional<int> range = {}) {
  PrimaryKey out{order, AttributeValue::string(hash), std::nullopt};
  if (range) out.range = AttributeValue::number(Decimal::from_integer(*range));
  return out;
}

Item named(const std::string& name) {
  Item item;
  item["name"] = AttributeValue::string(name);
  return item;
}

TEST(MemoryItemStoreTest, IteratesInKeyOrderWithBoundsAndBackwardSteps) {
  auto store = make_memory_item_store();
  store->put(key(7, "b", 2), named("b2"));
  store->put(key(3, "a", 1), named("a1"));
  store->put(key(7, "b", 1), named("b1"));
  store->put(key(7, "b", 1), named("b1 again"));  // replaces
  EXPECT_EQ(store->size(), 3u);
  std::vector<std::string> order;
  for (auto cursor = store->first(); cursor->valid(); cursor->next())
    order.emplace_back(cursor->item().at("name").as_string());
  EXPECT_EQ(order, (std::vector<std::string>{"a1", "b1 again", "b2"}));
  auto upper = store->upper_bound(key(7, "b", 1));
  ASSERT_TRUE(upper->valid());
  EXPECT_EQ(upper->item().at("name").as_string(), "b2");
  auto end = store->lower_bound(key(9, "z", 0));
  EXPECT_FALSE(end->valid());
  ASSERT_TRUE(end->prev());  // from past-the-end to the last item
  EXPECT_EQ(end->item().at("name").as_string(), "b2");
  auto start = store->first();
  EXPECT_FALSE(start->prev());
  // modify() changes the stored item and returns it, as find() would.
  const Item* changed = store->modify(key(7, "b", 2), store->find(key(7, "b", 2)), [](Item& item) {
    item["name"] = AttributeValue::string("b2'");
  });
  ASSERT_EQ(changed, store->find(key(7, "b", 2)));
  EXPECT_EQ(changed->at("name").as_string(), "b2'");
  store->erase(key(3, "a", 1));
  EXPECT_EQ(store->find(key(3, "a", 1)), nullptr);
  ASSERT_NE(store->find(key(7, "b", 2)), nullptr);
}

// find() goes through a hash index; keys whose partition orders collide, or
// that differ only in the sort key, must still be told apart exactly.
TEST(MemoryItemStoreTest, FindTellsApartKeysWhoseHashesCollide) {
  auto store = make_memory_item_store();
  std::map<std::tuple<std::uint64_t, std::string, int>, std::string> model;
  std::uint64_t state = 12345;
  const auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  for (int step = 0; step < 4000; ++step) {
    // Few orders, several hash values per order: many collisions on purpose.
    const std::uint64_t order = next(4);
    const std::string hash(1, static_cast<char>('a' + next(5)));
    const int range = static_cast<int>(next(6));
    const auto model_key = std::make_tuple(order, hash, range);
    if (next(4) == 0) {
      store->erase(key(order, hash, range));
      model.erase(model_key);
    } else {
      const std::string name = "v" + std::to_string(step);
      store->put(key(order, hash, range), named(name));
      model[model_key] = name;
    }
    const std::uint64_t probe_order = next(4);
    const std::string probe_hash(1, static_cast<char>('a' + next(5)));
    const int probe_range = static_cast<int>(next(6));
    const Item* found = store->find(key(probe_order, probe_hash, probe_range));
    auto expected = model.find(std::make_tuple(probe_order, probe_hash, probe_range));
    if (expected == model.end()) {
      EXPECT_EQ(found, nullptr) << step;
    } else {
      ASSERT_NE(found, nullptr) << step;
      EXPECT_EQ(found->at("name").as_string(), expected->second) << step;
    }
  }
  EXPECT_EQ(store->size(), model.size());
  std::size_t listed = 0;
  for (auto cursor = store->first(); cursor->valid(); cursor->next()) ++listed;
  EXPECT_EQ(listed, model.size());
}

// Many keys: the index grows several times and erases shift runs of slots
// back; every key stays findable and every erased one gone.
TEST(MemoryItemStoreTest, FindStaysExactThroughGrowthAndManyErases) {
  auto store = make_memory_item_store();
  std::map<std::pair<std::string, int>, std::string> model;
  std::uint64_t state = 99;
  const auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  const auto real_key = [](const std::string& hash, int range) {
    PrimaryKey out{0, AttributeValue::string(hash),
                   AttributeValue::number(Decimal::from_integer(range))};
    out.partition_order = partition_order(out.hash);
    return out;
  };
  for (int step = 0; step < 30000; ++step) {
    const std::string hash = "user-" + std::to_string(next(1500));
    const int range = static_cast<int>(next(3));
    if (next(3) == 0) {
      store->erase(real_key(hash, range));
      model.erase({hash, range});
    } else {
      store->put(real_key(hash, range), named("v" + std::to_string(step)));
      model[{hash, range}] = "v" + std::to_string(step);
    }
  }
  ASSERT_EQ(store->size(), model.size());
  for (int user = 0; user < 1500; ++user) {
    for (int range = 0; range < 3; ++range) {
      const std::string hash = "user-" + std::to_string(user);
      const Item* found = store->find(real_key(hash, range));
      auto expected = model.find({hash, range});
      if (expected == model.end()) {
        EXPECT_EQ(found, nullptr) << hash << " " << range;
      } else {
        ASSERT_NE(found, nullptr) << hash << " " << range;
        EXPECT_EQ(found->at("name").as_string(), expected->second);
      }
    }
  }
}

// The key order as one three-way comparison: antisymmetric, a probe before
// every key of its partition order, a missing sort key before present ones.
TEST(PrimaryKeyOrderTest, ThreeWayComparisonIsATotalOrder) {
  PrimaryKey probe{7, AttributeValue(), std::nullopt, true};
  std::vector<PrimaryKey> keys = {key(3, "z", 9), key(7, "a"),    key(7, "a", 1),
                                  key(7, "a", 2), key(7, "b", 0), key(9, "a", 0)};
  keys.insert(keys.begin() + 1, probe);  // sorted: the probe leads partition order 7
  for (std::size_t i = 0; i < keys.size(); ++i) {
    for (std::size_t j = 0; j < keys.size(); ++j) {
      const int c = compare_primary_keys(keys[i], keys[j]);
      EXPECT_EQ(c < 0, i < j) << i << " " << j;
      EXPECT_EQ(c == 0, i == j) << i << " " << j;
      EXPECT_EQ(PrimaryKeyLess()(keys[i], keys[j]), i < j) << i << " " << j;
    }
  }
}

// A store that counts what the service asks of it.
class CountingStore : public ItemStore {
 public:
  explicit CountingStore(int& writes) : writes_(writes), inner_(make_memory_item_store()) {}
  const Item* find(const PrimaryKey& k) const override { return inner_->find(k); }
  void put(const PrimaryKey& k, Item item) override {
    ++writes_;
    inner_->put(k, std::move(item));
  }
  void erase(const PrimaryKey& k) override {
    ++writes_;
    inner_->erase(k);
  }
  const Item* modify(const PrimaryKey& k, const Item* stored,
                     const std::function<void(Item&)>& change) override {
    ++writes_;
    return inner_->modify(k, stored, change);
  }
  std::size_t size() const override { return inner_->size(); }
  std::unique_ptr<Cursor> first() const override { return inner_->first(); }
  std::unique_ptr<Cursor> lower_bound(const PrimaryKey& k) const override {
    return inner_->lower_bound(k);
  }
  std::unique_ptr<Cursor> upper_bound(const PrimaryKey& k) const override {
    return inner_->upper_bound(k);
  }

 private:
  int& writes_;
  std::unique_ptr<ItemStore> inner_;
};

TEST(ItemStoreSeamTest, TheServiceWritesAndReadsThroughTheConfiguredStore) {
  SimulatedScheduler scheduler({.seed = 1});
  int writes = 0;
  std::vector<std::string> tables;
  DynamoDbOptions options;
  options.item_store = [&writes, &tables](const std::string& table) {
    tables.push_back(table);
    return std::make_unique<CountingStore>(writes);
  };
  DynamoDbService db(scheduler, options);
  TableDefinition definition;
  definition.name = "Events";
  definition.key = {{"pk", ValueType::kS}, KeyAttribute{"sk", ValueType::kN}};
  definition.attribute_definitions = {{"pk", ValueType::kS}, {"sk", ValueType::kN}};
  ASSERT_TRUE(db.create_table(definition).is_ok());
  scheduler.run_for(std::chrono::seconds(1));
  EXPECT_EQ(tables, (std::vector<std::string>{"Events"}));
  for (int i = 3; i >= 1; --i) {
    auto row = item_from_json(json{{"pk", {{"S", "p"}}}, {"sk", {{"N", std::to_string(i)}}}});
    ASSERT_TRUE(db.put_item({"Events", *row, {}}).is_ok());
  }
  EXPECT_EQ(writes, 3);
  QueryInput query;
  query.table = "Events";
  query.key_condition = "pk = :p";
  query.substitutions.values[":p"] = AttributeValue::string("p");
  query.scan_forward = false;
  auto page = db.query(query);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[0]->at("sk").as_number().to_string(), "3");  // range keys sorted, backwards
  EXPECT_EQ(page->items[2]->at("sk").as_number().to_string(), "1");
  DeleteItemInput remove;
  remove.table = "Events";
  remove.key = *item_from_json(json{{"pk", {{"S", "p"}}}, {"sk", {{"N", "2"}}}});
  ASSERT_TRUE(db.delete_item(remove).is_ok());
  EXPECT_EQ(writes, 4);
  UpdateItemInput bump{"Events",
                       *item_from_json(json{{"pk", {{"S", "p"}}}, {"sk", {{"N", "1"}}}}),
                       "SET n = :n",
                       {}};
  bump.options.substitutions.values[":n"] = AttributeValue::number(Decimal::from_integer(7));
  ASSERT_TRUE(db.update_item(bump).is_ok());  // changed in place, through the store
  EXPECT_EQ(writes, 5);
  EXPECT_EQ((*db.get_item({"Events", bump.key}))->at("n").as_number().to_string(), "7");
  EXPECT_EQ(db.describe_table("Events")->item_count, 2u);
}

TEST(ItemStoreSeamTest, ScanOrderIsAFixedPseudoRandomOrderOfHashKeys) {
  auto scan_order = [] {
    SimulatedScheduler scheduler({.seed = 99});
    DynamoDbService db(scheduler, DynamoDbOptions{});
    TableDefinition definition;
    definition.name = "T";
    definition.key = {{"id", ValueType::kS}, std::nullopt};
    definition.attribute_definitions = {{"id", ValueType::kS}};
    EXPECT_TRUE(db.create_table(definition).is_ok());
    scheduler.run_for(std::chrono::seconds(1));
    for (int i = 0; i < 20; ++i) {
      Item row;
      row["id"] = AttributeValue::string("k" + std::to_string(i));
      EXPECT_TRUE(db.put_item({"T", row, {}}).is_ok());
    }
    ScanInput scan;
    scan.table = "T";
    std::vector<std::string> ids;
    const auto page = db.scan(scan);
    EXPECT_TRUE(page.is_ok());
    if (!page.is_ok()) return ids;
    for (const auto& row : page->items) ids.emplace_back(row->at("id").as_string());
    return ids;
  };
  const auto first = scan_order();
  EXPECT_EQ(first, scan_order());  // the same in every run
  auto sorted = first;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_NE(first, sorted);  // not the keys' text order: hashed, as on DynamoDB
}

// Stored items and index views live as long as their items and are read
// cold: they are kept at their size, not with the room vector growth leaves
// (which put three attributes in room for four, nine in room for sixteen).
TEST(ItemStoreSeamTest, StoredItemsAndIndexViewsHoldNoSpareRoom) {
  SimulatedScheduler scheduler({.seed = 1});
  ItemStore* store = nullptr;
  DynamoDbService db(scheduler, options_exposing_store(store));
  const TableDefinition definition = products_by_creator("creatorScore");
  ASSERT_TRUE(db.create_table(definition).is_ok());
  scheduler.run_for(std::chrono::seconds(1));
  ASSERT_NE(store, nullptr);
  const Item key_item = *item_from_json(json{{"productId", {{"S", "p1"}}}});
  const PrimaryKey p1 = key_of_item(definition.key, key_item).value();

  // Created by an UpdateItem that sets attribute after attribute.
  UpdateItemInput create{"Products",
                         key_item,
                         "SET creator = :m, creatorScore = :z, created = :t, createdBy = :m, "
                         "updated = :t, updatedBy = :m, lastEventId = :e, photographerExists = :n",
                         {}};
  create.options.substitutions.values = {{":m", AttributeValue::string("merchant-1")},
                                         {":z", AttributeValue::number(Decimal::from_integer(0))},
                                         {":n", AttributeValue::number(Decimal::from_integer(-1))},
                                         {":t", AttributeValue::string("2026-11-23T04:00:00.000Z")},
                                         {":e", AttributeValue::string("e1")}};
  ASSERT_TRUE(db.update_item(create).is_ok());
  const Item* stored = store->find(p1);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->size(), 9u);
  EXPECT_EQ(stored->capacity(), stored->size());

  // Changed where it is stored, adding attributes.
  UpdateItemInput purchase{"Products",
                           key_item,
                           "SET creatorScore = creatorScore + :one, photographerScore = :z, "
                           "lastEventId = :e",
                           {}};
  purchase.options.substitutions.values = {
      {":one", AttributeValue::number(Decimal::from_integer(1))},
      {":z", AttributeValue::number(Decimal::from_integer(0))},
      {":e", AttributeValue::string("e2")}};
  ASSERT_TRUE(db.update_item(purchase).is_ok());
  stored = store->find(p1);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->size(), 10u);
  EXPECT_EQ(stored->capacity(), stored->size());

  // A Query row of an INCLUDE index is the index's own copy.
  QueryInput query;
  query.table = "Products";
  query.index = "ProductsByCreator";
  query.key_condition = "creator = :m";
  query.substitutions.values = {{":m", AttributeValue::string("merchant-1")}};
  auto rows = db.query(query);
  ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
  ASSERT_EQ(rows->items.size(), 1u);
  EXPECT_EQ(rows->items[0]->size(), 3u);  // productId, creator, creatorScore
  EXPECT_EQ(rows->items[0]->capacity(), 3u);
}

}  // namespace
}  // namespace streamlab::dynamodb
