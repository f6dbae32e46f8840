// Running scenarios: the same seed gives the same trace byte for byte, each
// invariant detects what it is about, and the explorer shrinks a failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "emulator/core/trace.h"
#include "harness/explorer.h"
#include "harness/runner.h"

namespace streamlab::harness {
namespace {

using nlohmann::json;

// core (2) → fanout → local (1) → winner-ordered, a small workload.
json forwarding(bool active, bool parallel, int batch, int purchases) {
  return {{"name", "forwarding"},
          {"topology",
           {{"streams", {{{"name", "core"}, {"shards", 2}}, {{"name", "local"}, {"shards", 1}}}},
            {"tables",
             {{{"kind", "fanout-targets"}, {"function", "fanout"}}, {{"kind", "winner-ordered"}}}},
            {"functions",
             {{{"name", "fanout"}, {"handler", "fanout"}},
              {{"name", "winner"}, {"handler", "winner-ordered"}}}},
            {"targets",
             {{{"function", "fanout"},
               {"source", "core"},
               {"id", "local"},
               {"destination", "local"},
               {"active", active},
               {"parallel", parallel}}}},
            {"mappings", {{{"function", "winner"}, {"source", "local"}, {"batch_size", 5}}}}}},
          {"latency", {{"default_ms", {1, 10}}, {"operations", {{"kinesis.PutRecords", {5, 80}}}}}},
          {"script",
           {{{"at", 0},
             {"workload",
              {{"stream", "core"}, {"products", 6}, {"purchases", purchases}, {"mean_gap_ms", 1}}}},
            {{"at", 5},
             {"hook", {{"function", "fanout"}, {"source", "core"}, {"batch_size", batch}}}}}},
          {"expectations",
           {{{"check", "per-key-order"}, {"source", "core"}, {"destination", "local"}},
            {{"check", "no-loss"}, {"source", "core"}, {"destination", "local"}},
            {{"check", "duplicates"}, {"source", "core"}, {"destination", "local"}},
            {{"check", "scores-match-oracle"}}}}};
}

// How often a run noted a case (RunResult::occurrences holds the noted ones).
std::uint64_t times(const RunResult& run, const std::string& name) {
  const auto it = run.occurrences.find(name);
  return it == run.occurrences.end() ? 0 : it->second;
}

Scenario load(const json& document) {
  auto scenario = scenario_from_json(document, "test.json");
  EXPECT_TRUE(scenario.is_ok()) << scenario.status().to_string();
  return *scenario;
}

std::string traced(const Scenario& scenario, std::uint64_t seed) {
  std::ostringstream out;
  TraceRecorder trace(out, TraceFormat::kText);
  auto run = run_scenario(scenario, seed, {&trace, false});
  EXPECT_TRUE(run.is_ok());
  return out.str();
}

TEST(RunnerTest, TheSameSeedGivesAByteIdenticalTraceAnotherSeedAnother) {
  const Scenario scenario = load(forwarding(true, true, 2000, 600));
  const std::string first = traced(scenario, 3);
  EXPECT_GT(first.size(), 1000u);
  EXPECT_EQ(first, traced(scenario, 3));
  EXPECT_NE(first, traced(scenario, 4));
}

TEST(RunnerTest, SerialForwardingMeetsEveryInvariant) {
  const Scenario scenario = load(forwarding(true, false, 100, 60));
  for (std::uint64_t seed : {1, 2}) {
    auto run = run_scenario(scenario, seed);
    ASSERT_TRUE(run.is_ok());
    for (const auto& verdict : run->verdicts)
      EXPECT_FALSE(verdict.violated) << verdict.expectation->label << ": " << verdict.evidence;
  }
}

TEST(RunnerTest, AnInactiveTargetViolatesNoLossAndTheOracle) {
  const Scenario scenario = load(forwarding(false, false, 100, 20));
  auto run = run_scenario(scenario, 1);
  ASSERT_TRUE(run.is_ok());
  EXPECT_TRUE(run->verdicts[1].violated);
  EXPECT_NE(run->verdicts[1].evidence.find("never reached local (expected 0)"), std::string::npos);
  EXPECT_TRUE(run->verdicts[3].violated);
}

TEST(RunnerTest, ParallelBlocksBreakPerKeyOrderForSomeSeedsAndTheEvidenceNamesAKey) {
  const Scenario scenario = load(forwarding(true, true, 2000, 1400));
  int broken = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    auto run = run_scenario(scenario, seed);
    ASSERT_TRUE(run.is_ok());
    if (!run->verdicts[0].violated) continue;
    ++broken;
    EXPECT_NE(run->verdicts[0].evidence.find("first: key product-"), std::string::npos);
    EXPECT_NE(run->verdicts[0].evidence.find("arrived after"), std::string::npos);
  }
  EXPECT_GT(broken, 0);
}

// The "sometimes" counts: a run records the interesting cases it went
// through, and they agree with what the invariants saw.
TEST(RunnerTest, ParallelRunsCountBlocksInFlightAndOnlyOutOfOrderBlocksBreakOrder) {
  const Scenario scenario = load(forwarding(true, true, 2000, 1400));
  int out_of_order_seeds = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    auto run = run_scenario(scenario, seed);
    ASSERT_TRUE(run.is_ok());
    // 1,400 purchases in one invocation are three blocks: two always overlap.
    EXPECT_GE(times(*run, "fanout.blocks-in-flight-together"), 1u) << seed;
    const bool out_of_order = times(*run, "fanout.blocks-landed-out-of-order") > 0;
    out_of_order_seeds += out_of_order ? 1 : 0;
    // One invocation's blocks are the only way one key's records can swap.
    if (run->verdicts[0].violated) {
      EXPECT_TRUE(out_of_order) << seed;
    }
  }
  EXPECT_GT(out_of_order_seeds, 0);
  EXPECT_LT(out_of_order_seeds, 6);  // sometimes, not always: the seed decides
}

TEST(RunnerTest, SerialOrSmallBatchesNeverHaveTwoBlocksInFlight) {
  for (const auto& [parallel, batch] : {std::pair{false, 2000}, std::pair{true, 100}}) {
    auto run = run_scenario(load(forwarding(true, parallel, batch, 1400)), 1);
    ASSERT_TRUE(run.is_ok());
    EXPECT_FALSE(run->occurrences.contains("fanout.blocks-in-flight-together")) << batch;
    EXPECT_FALSE(run->occurrences.contains("fanout.blocks-landed-out-of-order")) << batch;
  }
}

// What the mappings count (failed invocations, bisections, discarded records)
// reaches the run's occurrences, and is absent when nothing failed.
TEST(RunnerTest, AMappingsFailuresBisectionsAndDiscardsAreCountedAsOccurrences) {
  json document = forwarding(true, false, 100, 40);
  const auto quiet = run_scenario(load(document), 1);
  ASSERT_TRUE(quiet.is_ok());
  for (const char* name :
       {"lambda.invocations-failed", "esm.batches-bisected", "esm.records-discarded"})
    EXPECT_FALSE(quiet->occurrences.contains(name)) << name;

  auto& hook = document["script"][1]["hook"];  // the fanout's mapping
  hook["bisect_batch_on_function_error"] = true;
  hook["maximum_retry_attempts"] = 0;
  document["faults"] = {{{"kind", "function-crash"},
                         {"function", "fanout"},
                         {"on_record_containing", "product-0"},
                         {"times", 1000}}};
  auto run = run_scenario(load(document), 1);
  ASSERT_TRUE(run.is_ok());
  EXPECT_GT(times(*run, "lambda.invocations-failed"), 0u);
  EXPECT_GT(times(*run, "esm.batches-bisected"), 0u);
  EXPECT_GT(times(*run, "esm.records-discarded"), 0u);
}

// A function-crash fault on the winner: the mapping retries its batch, the
// winner skips what it had done, and the oracle still holds.
TEST(RunnerTest, AWinnerCrashIsRetriedAndItsDoneRecordsAreSkipped) {
  json document = forwarding(true, false, 100, 60);
  document["faults"] = {
      {{"kind", "function-crash"}, {"function", "winner"}, {"after_records", 3}, {"times", 4}}};
  auto run = run_scenario(load(document), 1);
  ASSERT_TRUE(run.is_ok());
  EXPECT_EQ(times(*run, "lambda.invocations-failed"), 4u);
  EXPECT_GE(times(*run, "winner.already-processed"), 4u * 3u);
  for (const auto& verdict : run->verdicts)
    EXPECT_FALSE(verdict.violated) << verdict.expectation->label << ": " << verdict.evidence;
}

TEST(RunnerTest, AnOccursExpectationChecksHowOftenACaseHappened) {
  json document = forwarding(true, true, 2000, 1400);
  document["expectations"] = {
      {{"check", "occurs"}, {"case", "fanout.blocks-in-flight-together"}},
      {{"check", "occurs"}, {"case", "fanout.blocks-in-flight-together"}, {"count", {{"max", 0}}}},
      {{"check", "occurs"}, {"case", "fanout.records-failed"}}};
  auto run = run_scenario(load(document), 1);
  ASSERT_TRUE(run.is_ok());
  const auto times = run->occurrences.at("fanout.blocks-in-flight-together");
  EXPECT_FALSE(run->verdicts[0].violated);
  EXPECT_EQ(run->verdicts[0].evidence, "fanout.blocks-in-flight-together happened " +
                                           std::to_string(times) +
                                           (times == 1 ? " time" : " times") + " (expected ≥ 1)");
  EXPECT_TRUE(run->verdicts[1].violated);
  EXPECT_NE(run->verdicts[1].evidence.find("(expected ≤ 0)"), std::string::npos);
  EXPECT_TRUE(run->verdicts[2].violated);  // no stream limits: nothing throttled
  EXPECT_EQ(run->verdicts[2].evidence, "fanout.records-failed happened 0 times (expected ≥ 1)");
}

TEST(ExplorerTest, HoldForSomeSeedIsMetByOneSeedAndReportedWithThatSeed) {
  json document = forwarding(true, true, 2000, 1400);
  document["expectations"] = {
      {{"check", "occurs"},
       {"case", "fanout.blocks-landed-out-of-order"},
       {"must", "hold-for-some-seed"}},
      {{"check", "occurs"}, {"case", "fanout.records-failed"}, {"must", "hold-for-some-seed"}}};
  const Scenario scenario = load(document);
  auto summary = explore(scenario, {1, 6, nullptr, 1});
  ASSERT_TRUE(summary.is_ok());
  const auto& sometimes = summary->expectations[0];
  EXPECT_TRUE(sometimes.met());
  ASSERT_TRUE(sometimes.first_holding_seed);
  EXPECT_EQ(sometimes.shown_seed(), sometimes.first_holding_seed);
  auto shown = run_scenario(scenario, *sometimes.first_holding_seed);
  ASSERT_TRUE(shown.is_ok());
  EXPECT_GT(times(*shown, "fanout.blocks-landed-out-of-order"), 0u);
  const auto& never = summary->expectations[1];
  EXPECT_FALSE(never.met());
  EXPECT_FALSE(summary->met());
  std::ostringstream text;
  print_summary(text, *summary);
  EXPECT_NE(text.str().find("occurs fanout.blocks-landed-out-of-order: holds in " +
                            std::to_string(6 - sometimes.violated) + " of 6 seeds\n        seed " +
                            std::to_string(*sometimes.first_holding_seed) + ": "),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("FAIL  occurs fanout.records-failed: holds for no seed"),
            std::string::npos)
      << text.str();
  EXPECT_EQ(text.str().find("reproduce:"),
            std::string::npos);  // no seed shows a case that never happened
  EXPECT_NE(text.str().find("cases seen: fanout.blocks-in-flight-together in 6 of 6 seeds ("),
            std::string::npos)
      << text.str();
}

TEST(RunnerTest, ProducerRetriesAreDuplicatesWithANewEventId) {
  json document = forwarding(true, false, 100, 40);
  document["faults"] = {{{"kind", "producer-response-lost"}, {"stream", "core"}, {"every", 5}}};
  auto run = run_scenario(load(document), 1);
  ASSERT_TRUE(run.is_ok());
  EXPECT_TRUE(run->verdicts[2].violated);
  EXPECT_NE(run->verdicts[2].evidence.find("0 with the same eventId"), std::string::npos);
  EXPECT_EQ(run->verdicts[2].evidence.find(", 0 with a new eventId"), std::string::npos);
  EXPECT_TRUE(run->verdicts[3].violated);  // double counted
}

TEST(RunnerTest, AStepTheEmulatorRefusesIsAnErrorNamingTheStep) {
  json document = forwarding(true, false, 100, 5);
  document["script"].push_back(
      {{"at", 1}, {"pause", {{"function", "winner"}, {"source", "core"}}}});
  auto run = run_scenario(load(document), 1);
  ASSERT_FALSE(run.is_ok());
  EXPECT_NE(run.error().message.find("$.script[2].pause: no mapping from core to winner"),
            std::string::npos)
      << run.error().message;
}

TEST(RunnerTest, TableExpectationsCompareCountsAndListedItems) {
  const json document = {
      {"name", "effects"},
      {"topology",
       {{"tables",
         {{{"kind", "versioned"}, {"name", "Items"}}, {{"kind", "effects"}, {"name", "Effects"}}}},
        {"functions", {{{"name", "consumer"}, {"handler", "idempotent-consumer"}}}},
        {"mappings", {{{"function", "consumer"}, {"source", "table:Items"}}}}}},
      {"script",
       {{{"at", 0}, {"versioned-writes", {{"table", "Items"}, {"keys", 2}, {"versions", 3}}}}}},
      {"expectations",
       {{{"check", "table"},
         {"table", "Effects"},
         {"count", {{"min", 2}, {"max", 2}}},
         {"items", {{{"pk", {{"S", "key-1"}}}, {"applied", {{"N", "3"}}}}}}},
        {{"check", "table"},
         {"table", "Effects"},
         {"items", {{{"pk", {{"S", "key-0"}}}, {"applied", {{"N", "4"}}}}}}},
        {{"check", "table"}, {"table", "Effects"}, {"items", {{{"pk", {{"S", "key-9"}}}}}}}}}};
  auto run = run_scenario(load(document), 1);
  ASSERT_TRUE(run.is_ok());
  EXPECT_FALSE(run->verdicts[0].violated) << run->verdicts[0].evidence;
  EXPECT_TRUE(run->verdicts[1].violated);
  EXPECT_NE(run->verdicts[1].evidence.find("has applied = {\"N\":\"3\"}"), std::string::npos)
      << run->verdicts[1].evidence;
  EXPECT_TRUE(run->verdicts[2].violated);
  EXPECT_NE(run->verdicts[2].evidence.find("no item"), std::string::npos);
}

TEST(ExplorerTest, SeedsRunSideBySideGiveTheSameSummaryAsOneAtATime) {
  const Scenario scenario = load(forwarding(true, true, 2000, 600));
  auto alone = explore(scenario, {1, 6, nullptr, 1});
  auto together = explore(scenario, {1, 6, nullptr, 2});
  ASSERT_TRUE(alone.is_ok());
  ASSERT_TRUE(together.is_ok());
  EXPECT_EQ(alone->seeds, together->seeds);
  for (std::size_t i = 0; i < alone->expectations.size(); ++i) {
    EXPECT_EQ(alone->expectations[i].violated, together->expectations[i].violated);
    EXPECT_EQ(alone->expectations[i].first_violating_seed,
              together->expectations[i].first_violating_seed);
    EXPECT_EQ(alone->expectations[i].first_violation_evidence,
              together->expectations[i].first_violation_evidence);
  }
}

TEST(ExplorerTest, ExploreCountsViolatingSeedsAndShrinkKeepsTheViolationWithFewerEvents) {
  json document = forwarding(true, false, 100, 30);
  document["faults"] = {{{"kind", "producer-response-lost"}, {"stream", "core"}, {"every", 4}}};
  const Scenario scenario = load(document);
  auto summary = explore(scenario, {1, 5, nullptr, 1});
  ASSERT_TRUE(summary.is_ok());
  EXPECT_EQ(summary->expectations[2].violated, 5);  // duplicates, every seed
  EXPECT_EQ(summary->expectations[0].violated, 0);  // order holds
  auto shrunk = shrink(scenario, 1, 2, 200);
  ASSERT_TRUE(shrunk.is_ok()) << shrunk.status().to_string();
  EXPECT_LT(shrunk->events_after, shrunk->events_before);
  auto replay = scenario_from_json(json::parse(shrunk->scenario_json), "shrunk.json");
  ASSERT_TRUE(replay.is_ok());
  auto again = run_scenario(*replay, shrunk->seed);
  ASSERT_TRUE(again.is_ok());
  EXPECT_TRUE(again->verdicts[2].violated);  // the printed command reproduces it
}

}  // namespace
}  // namespace streamlab::harness

namespace streamlab::harness {
namespace {

// Every scenario of the library loads and runs (one seed each, one test
// each), so the sanitizer build exercises all of them.
std::vector<std::string> library_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(STREAMLAB_SCENARIOS_DIR)) {
    if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json")
      files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class LibraryTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LibraryTest, RunsItsFirstSeed) {
  auto scenario = load_scenario(std::string(STREAMLAB_SCENARIOS_DIR) + "/" + GetParam());
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().to_string();
  auto run = run_scenario(*scenario, scenario->first_seed);
  ASSERT_TRUE(run.is_ok()) << run.status().to_string();
  EXPECT_EQ(run->verdicts.size(), scenario->expectations.size());
}

INSTANTIATE_TEST_SUITE_P(Scenarios, LibraryTest, ::testing::ValuesIn(library_files()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name =
                               param_info.param.substr(0, param_info.param.find('.'));
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(LibraryFilesTest, TheLibraryHasEveryScenarioTheIssueLists) {
  EXPECT_GE(library_files().size(), 17u);
}

}  // namespace
}  // namespace streamlab::harness
