// Scenario files: JSON with comments, checked against scenarios/schema.json
// and cross-referenced, with errors that name the file, the JSON path, what
// was expected and what was found.
#include <gtest/gtest.h>

#include "emulator/core/occurrences.h"
#include "harness/scenario.h"

namespace streamlab::harness {
namespace {

using nlohmann::json;

const char* kMinimal = R"({
  // a comment
  "name": "minimal", /* another */
  "topology": {"streams": [{"name": "s", "shards": 1}],
               "functions": [{"name": "logger", "handler": "event-logger"}],
               "mappings": [{"function": "logger", "source": "s"}]},
  "expectations": [{"check": "log", "function": "logger", "contains": "x"}]
})";

std::string error_of(const std::string& text) {
  auto document = parse_json_with_comments(text, "f.json");
  if (!document.is_ok()) return document.error().message;
  auto scenario = scenario_from_json(*document, "f.json");
  return scenario.is_ok() ? "" : scenario.error().message;
}

std::string with(const std::string& from, const std::string& to) {
  std::string text = kMinimal;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ScenarioTest, CommentsAreAllowedAndDefaultsFilledIn) {
  auto document = parse_json_with_comments(kMinimal, "f.json");
  ASSERT_TRUE(document.is_ok()) << document.status().to_string();
  auto scenario = scenario_from_json(*document, "f.json");
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().to_string();
  EXPECT_EQ(scenario->name, "minimal");
  EXPECT_EQ(scenario->seed_count, 1);
  EXPECT_EQ(scenario->settle, std::chrono::seconds(60));
  EXPECT_EQ(scenario->expectations.at(0).must, Must::kHold);
  EXPECT_EQ(scenario->expectations.at(0).label, "log logger \"x\"");
}

TEST(ScenarioTest, AnOccursExpectationNamesAListedCaseAndMayHoldForSomeSeed) {
  auto document = parse_json_with_comments(
      with("\"expectations\": [",
           "\"expectations\": [{\"check\": \"occurs\", \"case\": \"fanout.records-failed\", "
           "\"must\": \"hold-for-some-seed\"}, "),
      "f.json");
  ASSERT_TRUE(document.is_ok());
  auto scenario = scenario_from_json(*document, "f.json");
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().to_string();
  EXPECT_EQ(scenario->expectations.at(0).must, Must::kHoldForSomeSeed);
  EXPECT_EQ(scenario->expectations.at(0).label, "occurs fanout.records-failed");
  const std::string unknown =
      error_of(with("\"expectations\": [",
                    "\"expectations\": [{\"check\": \"occurs\", \"case\": \"blocks-raced\"}, "));
  EXPECT_NE(unknown.find("f.json: $.expectations[0].case: expected one of "
                         "\"fanout.blocks-in-flight-together\", "),
            std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("found \"blocks-raced\""), std::string::npos) << unknown;
  EXPECT_EQ(error_of(with("\"expectations\": [", "\"expectations\": [{\"check\": \"occurs\"}, ")),
            "f.json: $.expectations[0]: an occurs expectation needs \"case\"");
}

// The schema's list of cases is the emulator's: an editor completes exactly
// the names a run can note.
TEST(ScenarioTest, TheSchemaListsExactlyTheOccurrenceCases) {
  const json& cases = scenario_schema()["$defs"]["expectation"]["properties"]["case"]["enum"];
  std::vector<std::string> listed;
  for (const auto& known : occurrence_cases()) listed.emplace_back(known.name);
  EXPECT_EQ(cases.get<std::vector<std::string>>(), listed);
}

TEST(ScenarioTest, InvalidJsonNamesTheLineAndColumn) {
  const std::string error = error_of("{\n  \"name\": \"x\",\n  oops\n}");
  EXPECT_NE(error.find("f.json:3:3: not valid JSON"), std::string::npos) << error;
}

TEST(ScenarioTest, SchemaErrorsNameThePathTheExpectationAndTheFinding) {
  EXPECT_EQ(error_of(with("\"shards\": 1", "\"shards\": \"two\"")),
            "f.json: $.topology.streams[0].shards: expected an integer, found \"two\"");
  EXPECT_EQ(error_of(with("\"shards\": 1", "\"shards\": 0")),
            "f.json: $.topology.streams[0].shards: expected a number ≥ 1, found 0");
  EXPECT_EQ(error_of(with("\"handler\": \"event-logger\"", "\"handler\": \"logger\"")),
            "f.json: $.topology.functions[0].handler: expected one of \"event-logger\", "
            "\"fanout\", \"winner-ordered\", \"winner-tolerant\", \"http-forwarder\", "
            "\"idempotent-consumer\", found \"logger\"");
  const std::string unknown = error_of(with("\"shards\": 1", "\"shards\": 1, \"shard\": 2"));
  EXPECT_NE(unknown.find("$.topology.streams[0].shard: unknown member \"shard\" (expected one of: "
                         "limits, name, shards)"),
            std::string::npos)
      << unknown;
  EXPECT_EQ(error_of(with("\"name\": \"minimal\",", "")),
            "f.json: $: missing required member \"name\"");
}

TEST(ScenarioTest, ReferencesToUndeclaredThingsAreErrors) {
  EXPECT_EQ(error_of(with("{\"function\": \"logger\", \"source\": \"s\"}",
                          "{\"function\": \"logger\", \"source\": \"nope\"}")),
            "f.json: $.topology.mappings[0].source: expected the name of a declared stream (s), "
            "found \"nope\"");
  EXPECT_EQ(error_of(with("\"check\": \"log\", \"function\": \"logger\"",
                          "\"check\": \"log\", \"function\": \"ghost\"")),
            "f.json: $.expectations[0].function: expected the name of a declared function "
            "(logger), found \"ghost\"");
  EXPECT_EQ(error_of(with("\"check\": \"log\", \"function\": \"logger\", \"contains\": \"x\"",
                          "\"check\": \"no-loss\", \"source\": \"s\"")),
            "f.json: $.expectations[0]: a no-loss expectation needs \"destination\"");
}

TEST(ScenarioTest, AScriptStepHasExactlyOneAction) {
  const std::string two = error_of(
      with("\"expectations\"",
           "\"script\": [{\"at\": 1, \"reshard\": {\"stream\": \"s\", \"shards\": 2}, "
           "\"pause\": {\"function\": \"logger\", \"source\": \"s\"}}], \"expectations\""));
  EXPECT_EQ(two, "f.json: $.script[0]: expected at most 2 members, found 3");
}

TEST(ScenarioTest, TheShippedSchemaIsValidJsonWithDefinitionsForEveryReference) {
  const json& schema = scenario_schema();
  std::function<void(const json&)> walk = [&](const json& node) {
    if (node.is_object()) {
      if (auto ref = node.find("$ref"); ref != node.end()) {
        const std::string name = ref->get<std::string>().substr(std::string("#/$defs/").size());
        EXPECT_TRUE(schema["$defs"].contains(name)) << name;
      }
      for (const auto& [key, value] : node.items()) walk(value);
    } else if (node.is_array()) {
      for (const auto& value : node) walk(value);
    }
  };
  walk(schema);
}

}  // namespace
}  // namespace streamlab::harness
