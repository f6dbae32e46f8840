#include "harness/scenario.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/json_schema.h"

namespace streamlab::harness {

extern const char* const kScenarioSchemaText;  // generated from scenarios/schema.json

namespace {

using nlohmann::json;

AwsError scenario_error(const std::string& file, const std::string& path,
                        const std::string& message) {
  return errors::make("InvalidScenario", file + ": " + path + ": " + message);
}

Duration seconds_of(const json& value) {
  return Duration(static_cast<std::int64_t>(value.get<double>() * 1e6));
}

Duration millis_of(const json& value) {
  return Duration(static_cast<std::int64_t>(value.get<double>() * 1e3));
}

std::string label_of(const json& expectation) {
  std::string label = expectation.at("check").get<std::string>();
  if (expectation.contains("source") && expectation.contains("destination")) {
    label += " " + expectation["source"].get<std::string>() + " → " +
             expectation["destination"].get<std::string>();
  } else if (expectation.contains("destination")) {
    label += " " + expectation["destination"].get<std::string>();
  } else if (expectation.contains("table")) {
    label += " " + expectation["table"].get<std::string>();
  }
  if (expectation.contains("function")) label += " " + expectation["function"].get<std::string>();
  if (expectation.contains("contains"))
    label += " \"" + expectation["contains"].get<std::string>() + "\"";
  if (expectation.contains("case")) label += " " + expectation["case"].get<std::string>();
  return label;
}

// "a no-loss", "an occurs".
std::string article(const std::string& word) {
  return !word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos ? "an"
                                                                                            : "a";
}

Must must_of(const std::string& text) {  // the schema admits these three
  if (text == "be-violated") return Must::kBeViolated;
  if (text == "hold-for-some-seed") return Must::kHoldForSomeSeed;
  return Must::kHold;
}

// Cross-references the schema cannot express.
Status check_references(const Scenario& scenario) {
  std::set<std::string> streams, functions, tables;
  for (const auto& stream : scenario.streams) {
    if (!streams.insert(stream.name).second)
      return scenario_error(scenario.file, "$.topology.streams",
                            "stream \"" + stream.name + "\" is declared twice");
  }
  for (const auto& function : scenario.functions) {
    if (!functions.insert(function.name).second)
      return scenario_error(scenario.file, "$.topology.functions",
                            "function \"" + function.name + "\" is declared twice");
  }
  for (const auto& table : scenario.tables) {
    if (!table.name.empty()) tables.insert(table.name);
  }
  auto need = [&](const std::set<std::string>& known, const std::string& kind,
                  const std::string& name, const std::string& path) -> Status {
    if (known.count(name)) return Status::ok();
    std::string list;
    for (const auto& candidate : known) list += (list.empty() ? "" : ", ") + candidate;
    return scenario_error(scenario.file, path,
                          "expected the name of a declared " + kind +
                              (list.empty() ? " (none declared)" : " (" + list + ")") +
                              ", found \"" + name + "\"");
  };
  auto need_source = [&](const std::string& source, const std::string& path) -> Status {
    if (source.rfind("table:", 0) == 0) return need(tables, "table", source.substr(6), path);
    return need(streams, "stream", source, path);
  };
  for (std::size_t i = 0; i < scenario.mappings.size(); ++i) {
    const std::string path = "$.topology.mappings[" + std::to_string(i) + "]";
    STREAMLAB_RETURN_IF_ERROR(
        need(functions, "function", scenario.mappings[i]["function"], path + ".function"));
    STREAMLAB_RETURN_IF_ERROR(need_source(scenario.mappings[i]["source"], path + ".source"));
  }
  for (std::size_t i = 0; i < scenario.targets.size(); ++i) {
    const std::string path = "$.topology.targets[" + std::to_string(i) + "]";
    STREAMLAB_RETURN_IF_ERROR(
        need(functions, "function", scenario.targets[i]["function"], path + ".function"));
    STREAMLAB_RETURN_IF_ERROR(
        need(streams, "stream", scenario.targets[i]["source"], path + ".source"));
  }
  for (std::size_t i = 0; i < scenario.subscribers.size(); ++i) {
    const std::string path = "$.topology.subscribers[" + std::to_string(i) + "]";
    STREAMLAB_RETURN_IF_ERROR(
        need(functions, "function", scenario.subscribers[i]["function"], path + ".function"));
  }
  for (const auto& table : scenario.tables) {
    if ((table.kind == "versioned" || table.kind == "effects") && table.name.empty())
      return scenario_error(scenario.file, "$.topology.tables",
                            "a " + table.kind + " table needs a \"name\"");
    if ((table.kind == "fanout-targets" || table.kind == "push-subscribers") &&
        table.function.empty())
      return scenario_error(scenario.file, "$.topology.tables",
                            "a " + table.kind + " table needs the \"function\" that reads it");
  }
  for (const auto& step : scenario.script) {
    const json& args = step.args;
    const std::string path = step.path + "." + step.action;
    if (args.contains("function") && step.action != "register")
      STREAMLAB_RETURN_IF_ERROR(need(functions, "function", args["function"], path + ".function"));
    if (step.action == "workload" || step.action == "put" || step.action == "reshard")
      STREAMLAB_RETURN_IF_ERROR(need(streams, "stream", args["stream"], path + ".stream"));
    if (step.action == "versioned-writes")
      STREAMLAB_RETURN_IF_ERROR(need(tables, "table", args["table"], path + ".table"));
    if (step.action == "hook" || step.action == "unhook" || step.action == "pause" ||
        step.action == "resume")
      STREAMLAB_RETURN_IF_ERROR(need_source(args["source"], path + ".source"));
  }
  for (const auto& fault : scenario.faults) {
    const json& args = fault.args;
    auto require = [&](const char* member) -> Status {
      if (args.contains(member)) return Status::ok();
      return scenario_error(scenario.file, fault.path,
                            "a " + fault.kind + " fault needs \"" + member + "\"");
    };
    if (fault.kind == "producer-response-lost") {
      STREAMLAB_RETURN_IF_ERROR(require("stream"));
      if (!args.contains("every") && !args.contains("probability"))
        return scenario_error(scenario.file, fault.path,
                              "a producer-response-lost fault needs \"every\" or \"probability\"");
    } else if (fault.kind == "function-crash") {
      STREAMLAB_RETURN_IF_ERROR(require("function"));
      STREAMLAB_RETURN_IF_ERROR(
          need(functions, "function", args["function"], fault.path + ".function"));
      if (!args.contains("after_records") && !args.contains("on_record_containing"))
        return scenario_error(scenario.file, fault.path,
                              "a function-crash fault needs \"after_records\" or "
                              "\"on_record_containing\"");
    } else if (fault.kind == "throttle") {
      STREAMLAB_RETURN_IF_ERROR(require("stream"));
      STREAMLAB_RETURN_IF_ERROR(need(streams, "stream", args["stream"], fault.path + ".stream"));
    } else {
      STREAMLAB_RETURN_IF_ERROR(require("url"));
      STREAMLAB_RETURN_IF_ERROR(require("from"));
      STREAMLAB_RETURN_IF_ERROR(require("until"));
      if (fault.kind == "subscriber-slow") STREAMLAB_RETURN_IF_ERROR(require("delay_ms"));
    }
  }
  for (const auto& expectation : scenario.expectations) {
    const json& args = expectation.args;
    auto require = [&](const char* member) -> Status {
      if (args.contains(member)) return Status::ok();
      return scenario_error(scenario.file, expectation.path,
                            article(expectation.check) + " " + expectation.check +
                                " expectation needs \"" + member + "\"");
    };
    const std::string& check = expectation.check;
    if (check == "per-key-order" || check == "no-loss") {
      STREAMLAB_RETURN_IF_ERROR(require("source"));
      STREAMLAB_RETURN_IF_ERROR(require("destination"));
      STREAMLAB_RETURN_IF_ERROR(
          need(streams, "stream", args["source"], expectation.path + ".source"));
    } else if (check == "duplicates") {
      STREAMLAB_RETURN_IF_ERROR(require("source"));
      STREAMLAB_RETURN_IF_ERROR(require("destination"));
    } else if (check == "exactly-once-effect") {
      STREAMLAB_RETURN_IF_ERROR(require("table"));
      STREAMLAB_RETURN_IF_ERROR(require("writes"));
    } else if (check == "table") {
      STREAMLAB_RETURN_IF_ERROR(require("table"));
      if (!args.contains("count") && !args.contains("items"))
        return scenario_error(scenario.file, expectation.path,
                              "a table expectation needs \"count\" or \"items\"");
    } else if (check == "occurs") {
      STREAMLAB_RETURN_IF_ERROR(require("case"));
    } else if (check == "log") {
      STREAMLAB_RETURN_IF_ERROR(require("function"));
      STREAMLAB_RETURN_IF_ERROR(require("contains"));
      STREAMLAB_RETURN_IF_ERROR(
          need(functions, "function", args["function"], expectation.path + ".function"));
    }
    if (args.contains("destination")) {
      const std::string destination = args["destination"];
      if (destination.rfind("push:", 0) != 0)
        STREAMLAB_RETURN_IF_ERROR(
            need(streams, "stream", destination, expectation.path + ".destination"));
    }
  }
  return Status::ok();
}

}  // namespace

const nlohmann::json& scenario_schema() {
  static const json schema = json::parse(kScenarioSchemaText);
  return schema;
}

Result<json> parse_json_with_comments(const std::string& text, const std::string& file) {
  try {
    return json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& error) {
    // error.byte is 1-based; turn it into a line and column.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < error.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = error.what();
    const auto detail = what.find("syntax error");
    if (detail != std::string::npos) what = what.substr(detail);
    return errors::make("InvalidScenario", file + ":" + std::to_string(line) + ":" +
                                               std::to_string(column) +
                                               ": not valid JSON: " + what);
  }
}

Result<Scenario> load_scenario(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    return errors::make("InvalidScenario", path + ": is a directory, not a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return errors::make("InvalidScenario", path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  STREAMLAB_ASSIGN_OR_RETURN(json document, parse_json_with_comments(text.str(), path));
  return scenario_from_json(std::move(document), path);
}

Result<Scenario> scenario_from_json(json document, const std::string& file) {
  const auto problems = validate_against_schema(scenario_schema(), document);
  if (!problems.empty()) {
    std::string message;
    for (std::size_t i = 0; i < problems.size() && i < 10; ++i)
      message += (i ? "\n" : "") + file + ": " + problems[i].path + ": " + problems[i].message;
    if (problems.size() > 10)
      message += "\n… and " + std::to_string(problems.size() - 10) + " more";
    return errors::make("InvalidScenario", message);
  }
  Scenario scenario;
  scenario.file = file;
  scenario.name = document["name"];
  scenario.title = document.value("title", scenario.name);
  for (const auto& line : document.value("explain", json::array()))
    scenario.explain.push_back(line);
  if (document.contains("seeds")) {
    scenario.first_seed = document["seeds"].value("from", std::uint64_t{1});
    scenario.seed_count = document["seeds"].value("count", 1);
  }
  scenario.latencies[""] = {std::chrono::milliseconds(1), std::chrono::milliseconds(10)};
  if (document.contains("latency")) {
    const json& latency = document["latency"];
    if (latency.contains("default_ms"))
      scenario.latencies[""] = {millis_of(latency["default_ms"][0]),
                                millis_of(latency["default_ms"][1])};
    const json operations = latency.value("operations", json::object());  // items() needs an lvalue
    for (const auto& [operation, range] : operations.items())
      scenario.latencies[operation] = {millis_of(range[0]), millis_of(range[1])};
    for (const auto& [operation, range] : scenario.latencies) {
      if (range.first > range.second)
        return scenario_error(
            file, "$.latency",
            "the range of \"" + operation + "\" has its minimum above its maximum");
    }
  }
  const json topology = document["topology"];
  for (const auto& stream : topology.value("streams", json::array()))
    scenario.streams.push_back({stream["name"], stream["shards"], stream.value("limits", false)});
  for (const auto& table : topology.value("tables", json::array())) {
    scenario.tables.push_back({table["kind"], table.value("name", ""), table.value("function", ""),
                               table.value("key", "pk"), table.value("prefix", "")});
  }
  for (const auto& function : topology.value("functions", json::array())) {
    FunctionSpec spec{
        function["name"], function["handler"], {}, function.value("timeout_seconds", 60)};
    const json environment =
        function.value("environment", json::object());  // items() needs an lvalue
    for (const auto& [name, value] : environment.items()) spec.environment[name] = value;
    scenario.functions.push_back(std::move(spec));
  }
  for (const auto& mapping : topology.value("mappings", json::array()))
    scenario.mappings.push_back(mapping);
  for (const auto& target : topology.value("targets", json::array()))
    scenario.targets.push_back(target);
  for (const auto& subscriber : topology.value("subscribers", json::array()))
    scenario.subscribers.push_back(subscriber);
  const json script = document.value("script", json::array());
  for (std::size_t i = 0; i < script.size(); ++i) {
    Step step;
    step.at = seconds_of(script[i]["at"]);
    step.path = "$.script[" + std::to_string(i) + "]";
    for (const auto& [name, value] : script[i].items()) {
      if (name == "at") continue;
      step.action = name;
      step.args = value;
    }
    scenario.script.push_back(std::move(step));
  }
  const json faults = document.value("faults", json::array());
  for (std::size_t i = 0; i < faults.size(); ++i)
    scenario.faults.push_back(
        {faults[i]["kind"], faults[i], "$.faults[" + std::to_string(i) + "]"});
  const json expectations = document["expectations"];
  for (std::size_t i = 0; i < expectations.size(); ++i) {
    const json& expectation = expectations[i];
    scenario.expectations.push_back(
        {expectation["check"], must_of(expectation.value("must", "hold")), expectation,
         "$.expectations[" + std::to_string(i) + "]", label_of(expectation)});
  }
  if (document.contains("settle_seconds")) scenario.settle = seconds_of(document["settle_seconds"]);
  scenario.document = std::move(document);
  STREAMLAB_RETURN_IF_ERROR(check_references(scenario));
  return scenario;
}

}  // namespace streamlab::harness
