#include "emulator/core/seeded_random.h"

#include <gtest/gtest.h>

#include <set>

#include "emulator/core/ids.h"
#include "emulator/core/latency_model.h"

namespace streamlab {
namespace {

TEST(SeededRandomTest, SameSeedSameNumbersDifferentSeedDifferent) {
  SeededRandom a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    EXPECT_NE(x, c.next_u64());
  }
}

TEST(SeededRandomTest, UniformStaysInRangeAndCoversIt) {
  SeededRandom random(7);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto x = random.uniform_between(-3, 3);
    ASSERT_GE(x, -3);
    ASSERT_LE(x, 3);
    seen.insert(x);
  }
  EXPECT_EQ(seen.size(), 7u);
}

TEST(SeededRandomTest, DerivedStreamsAreIndependentButReproducible) {
  auto a = SeededRandom::derived(5, 1);
  auto b = SeededRandom::derived(5, 2);
  auto a2 = SeededRandom::derived(5, 1);
  const auto x = a.next_u64();
  EXPECT_NE(x, b.next_u64());
  EXPECT_EQ(x, a2.next_u64());
}

TEST(LatencyModelTest, DrawsFromTheOperationsDistribution) {
  LatencyModel model;
  model.set_default(LatencyDistribution::fixed(Duration{5}));
  model.set("kinesis.PutRecords", LatencyDistribution::uniform(Duration{100}, Duration{200}));
  model.set("dynamodb.Query", LatencyDistribution::exponential(Duration{1000}, Duration{3000}));
  SeededRandom random(1);
  EXPECT_EQ(model.draw("lambda.Invoke", random), Duration{5});
  for (int i = 0; i < 200; ++i) {
    const auto put = model.draw("kinesis.PutRecords", random);
    EXPECT_GE(put, Duration{100});
    EXPECT_LE(put, Duration{200});
    const auto query = model.draw("dynamodb.Query", random);
    EXPECT_GE(query, Duration{0});
    EXPECT_LE(query, Duration{3000});
  }
}

TEST(IdsTest, UuidIsVersion4AndReproducible) {
  SeededRandom a(9), b(9);
  const std::string id = make_uuid(a);
  EXPECT_EQ(id, make_uuid(b));
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[8], '-');
  EXPECT_EQ(id[14], '4');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
  EXPECT_NE(id, make_uuid(a));
}

}  // namespace
}  // namespace streamlab
