#include "harness/scenario_report.h"

#include <nlohmann/json.hpp>

#include "emulator/core/occurrences.h"

namespace streamlab::harness {
namespace {

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string seeds_text(const ScenarioSummary& summary) {
  if (summary.seeds.size() == 1) return "seed " + std::to_string(summary.seeds.front());
  return std::to_string(summary.seeds.size()) + " seeds (" + std::to_string(summary.seeds.front()) +
         ".." + std::to_string(summary.seeds.back()) + ")";
}

std::string outcome_text(const ExpectationSummary& e) {
  const std::string of =
      " in " + std::to_string(e.violated) + " of " + std::to_string(e.seeds) + " seeds";
  switch (e.expectation->must) {
    case Must::kHold:
      return e.violated == 0 ? "holds for every seed" : "violated" + of;
    case Must::kBeViolated:
      return e.violated > 0 ? "violated as intended" + of
                            : "never violated (it should be, for some seed)";
    case Must::kHoldForSomeSeed:
      return e.violated < e.seeds ? "holds in " + std::to_string(e.seeds - e.violated) + " of " +
                                        std::to_string(e.seeds) + " seeds"
                                  : "holds for no seed (it should, for some seed)";
  }
  return "";
}

const char* must_text(Must must) {
  switch (must) {
    case Must::kHold:
      return "hold";
    case Must::kBeViolated:
      return "be-violated";
    case Must::kHoldForSomeSeed:
      return "hold-for-some-seed";
  }
  return "";
}

}  // namespace

std::optional<std::uint64_t> ExpectationSummary::shown_seed() const {
  if (expectation->must == Must::kHoldForSomeSeed && first_holding_seed) return first_holding_seed;
  return first_violating_seed;
}

const std::string& ExpectationSummary::shown_evidence() const {
  if (expectation->must == Must::kHoldForSomeSeed && first_holding_seed)
    return first_holding_evidence;
  return first_violating_seed ? first_violation_evidence : last_evidence;
}

bool ScenarioSummary::met() const {
  if (!error.empty()) return false;
  for (const auto& e : expectations)
    if (!e.met()) return false;
  return true;
}

ScenarioSummary summarize(const Scenario& scenario, const std::vector<RunResult>& runs) {
  ScenarioSummary summary;
  summary.scenario = &scenario;
  for (const auto& expectation : scenario.expectations) {
    ExpectationSummary e;
    e.expectation = &expectation;
    summary.expectations.push_back(std::move(e));
  }
  for (const auto& known : occurrence_cases()) summary.occurrences.push_back({known.name});
  for (const auto& run : runs) {
    summary.seeds.push_back(run.seed);
    for (auto& occurrence : summary.occurrences) {
      auto it = run.occurrences.find(occurrence.name);
      if (it == run.occurrences.end()) continue;
      ++occurrence.seeds;
      occurrence.times += it->second;
    }
    for (std::size_t i = 0; i < run.verdicts.size(); ++i) {
      auto& e = summary.expectations[i];
      ++e.seeds;
      e.last_evidence = run.verdicts[i].evidence;
      if (!run.verdicts[i].violated) {
        if (!e.first_holding_seed) {
          e.first_holding_seed = run.seed;
          e.first_holding_evidence = run.verdicts[i].evidence;
        }
        continue;
      }
      if (++e.violated == 1) {
        e.first_violating_seed = run.seed;
        e.first_violation_evidence = run.verdicts[i].evidence;
      }
    }
  }
  std::erase_if(summary.occurrences,
                [](const OccurrenceSummary& occurrence) { return occurrence.seeds == 0; });
  return summary;
}

void print_summary(std::ostream& out, const ScenarioSummary& summary) {
  const Scenario& scenario = *summary.scenario;
  out << scenario.name << " — " << scenario.title << "\n";
  if (!summary.error.empty()) {
    out << "  ERROR " << summary.error << "\n";
    return;
  }
  out << "  " << seeds_text(summary) << "\n";
  print_occurrences(out, summary, "  ");
  for (const auto& e : summary.expectations) {
    out << "  " << (e.met() ? "PASS" : "FAIL") << "  " << e.expectation->label << ": "
        << outcome_text(e) << "\n";
    if (const auto seed = e.shown_seed()) {
      out << "        seed " << *seed << ": " << e.shown_evidence() << "\n";
    } else {
      out << "        " << e.last_evidence << "\n";
    }
  }
  if (!summary.met()) {
    for (const auto& e : summary.expectations) {
      // A hold-for-some-seed expectation that failed held nowhere: no seed shows it.
      if (e.met() || !e.first_violating_seed || e.expectation->must == Must::kHoldForSomeSeed)
        continue;
      out << "  reproduce: streamlab run " << scenario.file << " --seed " << *e.first_violating_seed
          << "\n";
      break;
    }
  }
}

void print_occurrences(std::ostream& out, const ScenarioSummary& summary,
                       const std::string& indent) {
  if (summary.occurrences.empty()) {
    out << indent << "cases seen: none of the interesting ones\n";
    return;
  }
  const std::string seeds = std::to_string(summary.seeds.size());
  bool first = true;
  for (const auto& occurrence : summary.occurrences) {
    out << indent << (first ? "cases seen: " : "            ") << occurrence.name << " in "
        << occurrence.seeds << " of " << seeds << (summary.seeds.size() == 1 ? " seed" : " seeds")
        << " (" << occurrence.times << (occurrence.times == 1 ? " time" : " times") << ")\n";
    first = false;
  }
}

void write_junit(std::ostream& out, const std::vector<ScenarioSummary>& summaries) {
  int tests = 0, failures = 0;
  for (const auto& summary : summaries) {
    tests += summary.error.empty() ? static_cast<int>(summary.expectations.size()) : 1;
    if (!summary.error.empty()) ++failures;
    for (const auto& e : summary.expectations) failures += e.met() ? 0 : 1;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"streamlab\" tests=\""
      << tests << "\" failures=\"" << failures << "\">\n";
  for (const auto& summary : summaries) {
    const std::string name = xml_escape(summary.scenario->name);
    int suite_failures = summary.error.empty() ? 0 : 1;
    for (const auto& e : summary.expectations) suite_failures += e.met() ? 0 : 1;
    out << "  <testsuite name=\"" << name << "\" tests=\""
        << (summary.error.empty() ? summary.expectations.size() : 1) << "\" failures=\""
        << suite_failures << "\">\n";
    if (!summary.error.empty()) {
      out << "    <testcase classname=\"" << name << "\" name=\"load\"><failure message=\""
          << xml_escape(summary.error) << "\"/></testcase>\n";
    }
    for (const auto& e : summary.expectations) {
      out << "    <testcase classname=\"" << name << "\" name=\""
          << xml_escape(e.expectation->label) << "\">";
      if (!e.met()) {
        const auto seed = e.shown_seed();
        const std::string evidence =
            seed ? "seed " + std::to_string(*seed) + ": " + e.shown_evidence() : e.last_evidence;
        out << "<failure message=\"" << xml_escape(outcome_text(e)) << "\">" << xml_escape(evidence)
            << "</failure>";
      }
      out << "</testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

void write_json(std::ostream& out, const std::vector<ScenarioSummary>& summaries) {
  nlohmann::ordered_json report = nlohmann::ordered_json::array();
  for (const auto& summary : summaries) {
    nlohmann::ordered_json scenario = {{"scenario", summary.scenario->name},
                                       {"file", summary.scenario->file},
                                       {"met", summary.met()},
                                       {"seeds", summary.seeds}};
    if (!summary.error.empty()) scenario["error"] = summary.error;
    scenario["expectations"] = nlohmann::ordered_json::array();
    for (const auto& e : summary.expectations) {
      nlohmann::ordered_json entry = {{"check", e.expectation->check},
                                      {"label", e.expectation->label},
                                      {"must", must_text(e.expectation->must)},
                                      {"met", e.met()},
                                      {"seeds", e.seeds},
                                      {"violated", e.violated}};
      if (e.first_violating_seed) entry["first_violating_seed"] = *e.first_violating_seed;
      if (e.expectation->must == Must::kHoldForSomeSeed && e.first_holding_seed)
        entry["first_holding_seed"] = *e.first_holding_seed;
      entry["evidence"] = e.shown_evidence();
      scenario["expectations"].push_back(std::move(entry));
    }
    scenario["occurrences"] = nlohmann::ordered_json::object();
    for (const auto& occurrence : summary.occurrences) {
      scenario["occurrences"][std::string(occurrence.name)] = {{"seeds", occurrence.seeds},
                                                               {"times", occurrence.times}};
    }
    report.push_back(std::move(scenario));
  }
  out << report.dump(2) << "\n";
}

void print_timeline(std::ostream& out, const RunResult& run, std::size_t max_lines) {
  const std::size_t shown = std::min(max_lines, run.timeline.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& entry = run.timeline[i];
    out << "    " << format_iso8601_millis(entry.at).substr(11, 12) << "  " << entry.text << "\n";
  }
  if (run.timeline.size() > shown)
    out << "    … " << run.timeline.size() - shown
        << " more lines (streamlab run --timeline shows all)\n";
}

}  // namespace streamlab::harness
