// `streamlab demo`: the teaching set. For each scenario of the library, in
// order: its two-line explanation, a timeline of one run on the virtual clock
// (for a scenario that demonstrates a failure, the first of its seeds that
// shows it), and its expectations with their evidence over all its seeds.
#include <CLI/CLI.hpp>
#include <iostream>

#include "harness/runner.h"
#include "harness/scenario_report.h"
#include "tools/cli/commands.h"
#include "tools/cli/scenario_files.h"

namespace streamlab::cli {
namespace {

constexpr std::size_t kFirstLines = 10;
constexpr std::size_t kNotableLines = 8;

// Lines worth showing beyond the start: what functions said and what faults
// and operators did, rather than each record produced or forwarded.
bool notable(const std::string& text) {
  return text.find("  key ") == std::string::npos && text.rfind("push ", 0) != 0;
}

void print_demo_timeline(const harness::RunResult& run) {
  const auto& lines = run.timeline;
  std::size_t shown = 0, notable_shown = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool early = i < kFirstLines;
    if (!early && !(notable(lines[i].text) && notable_shown < kNotableLines)) continue;
    if (!early && shown == kFirstLines) std::cout << "    …\n";
    if (!early) ++notable_shown;
    ++shown;
    std::cout << "    " << format_iso8601_millis(lines[i].at).substr(11, 12) << "  "
              << lines[i].text << "\n";
  }
  if (lines.size() > shown)
    std::cout << "    (" << lines.size() - shown << " more lines: streamlab run FILE --seed "
              << run.seed << " --timeline)\n";
}

std::string demo_outcome(const harness::ExpectationSummary& e) {
  switch (e.expectation->must) {
    case harness::Must::kHold:
      return e.violated ? "violated" : "holds";
    case harness::Must::kBeViolated:
      return e.violated ? "violated, as this scenario shows" : "never violated";
    case harness::Must::kHoldForSomeSeed:
      return e.violated < e.seeds ? "holds in " + std::to_string(e.seeds - e.violated) + " of " +
                                        std::to_string(e.seeds) + " seeds"
                                  : "holds for no seed";
  }
  return "";
}

int run_demo(const std::string& directory) {
  const auto files = scenario_files(directory);
  if (files.empty()) {
    std::cerr << "streamlab: no scenarios in " << directory << "\n";
    return 2;
  }
  std::cout << "streamlab demo: the teaching scenarios, on the virtual clock (the same output "
               "every time).\n";
  int status = 0;
  int number = 0;
  for (const auto& file : files) {
    auto scenario = harness::load_scenario(file);
    if (!scenario.is_ok()) {
      std::cerr << scenario.error().message << "\n";
      return 2;
    }
    std::cout << "\n" << ++number << ". " << scenario->title << "\n";
    for (const auto& line : scenario->explain) std::cout << "   " << line << "\n";
    // Every seed of the scenario; the timeline is of the first seed that
    // shows what the scenario demonstrates (a must-be-violated expectation).
    std::vector<harness::RunResult> runs;
    std::optional<std::uint64_t> shown_seed;
    for (int i = 0; i < scenario->seed_count; ++i) {
      auto run =
          harness::run_scenario(*scenario, scenario->first_seed + static_cast<std::uint64_t>(i));
      if (!run.is_ok()) {
        std::cerr << run.error().message << "\n";
        return 2;
      }
      for (const auto& verdict : run->verdicts) {
        if (!shown_seed && verdict.expectation->must == harness::Must::kBeViolated &&
            verdict.violated)
          shown_seed = run->seed;
      }
      runs.push_back(std::move(*run));
    }
    const std::uint64_t seed = shown_seed.value_or(scenario->first_seed);
    auto detailed = harness::run_scenario(*scenario, seed, {nullptr, true});
    std::cout << "   Timeline (seed " << seed << "):\n";
    print_demo_timeline(*detailed);
    auto summary = harness::summarize(*scenario, runs);
    std::cout << "   Expectations over " << runs.size() << (runs.size() == 1 ? " seed" : " seeds")
              << ":\n";
    harness::print_occurrences(std::cout, summary, "   ");
    for (const auto& e : summary.expectations) {
      const auto evidence_seed = e.shown_seed();
      std::cout << "   " << (e.met() ? "PASS" : "FAIL") << "  " << e.expectation->label << " — "
                << demo_outcome(e) << "\n        "
                << (evidence_seed
                        ? "seed " + std::to_string(*evidence_seed) + ": " + e.shown_evidence()
                        : e.last_evidence)
                << "\n";
    }
    if (!summary.met()) status = 1;
  }
  std::cout << "\nRun one yourself: streamlab run scenarios/04-parallel-forwarding.json --seed 1 "
               "--timeline\nSearch and shrink: streamlab explore scenarios/03-score-race.json "
               "--seeds 300\n";
  return status;
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  auto directory = std::make_shared<std::string>(scenarios_directory());
  CLI::App* demo =
      app.add_subcommand("demo", "Run the teaching scenarios with timelines and verdicts");
  demo->add_option("--dir", *directory, "Scenario directory");
  demo->callback([directory, &exit_code] { exit_code = run_demo(*directory); });
}

}  // namespace streamlab::cli
