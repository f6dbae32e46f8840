// `streamlab run`, `explore`, `list` and `validate`: the harness on the
// command line. Exit codes: 0 every expectation met, 1 one was not, 2 bad
// input (a scenario that does not load, a bad option).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "emulator/core/trace.h"
#include "harness/explorer.h"
#include "harness/runner.h"
#include "tools/cli/commands.h"
#include "tools/cli/scenario_files.h"

namespace streamlab::cli {
namespace {

using harness::Scenario;

struct RunArguments {
  std::vector<std::string> files;
  std::optional<std::uint64_t> seed;
  std::string trace, junit, json;
  bool timeline = false;
};

bool open_output(std::ofstream& out, const std::string& path) {
  if (path.empty()) return true;
  out.open(path, std::ios::binary);
  if (!out) std::fprintf(stderr, "streamlab: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

int run_command(const RunArguments& args) {
  std::ofstream trace_file, junit_file, json_file;
  if (!open_output(trace_file, args.trace) || !open_output(junit_file, args.junit) ||
      !open_output(json_file, args.json))
    return 2;
  std::unique_ptr<TraceRecorder> trace;
  if (!args.trace.empty()) trace = std::make_unique<TraceRecorder>(trace_file, TraceFormat::kText);
  std::vector<std::unique_ptr<Scenario>> scenarios;
  std::vector<harness::ScenarioSummary> summaries;
  bool bad_input = false;
  for (const auto& file : args.files) {
    auto loaded = harness::load_scenario(file);
    if (!loaded.is_ok()) {
      std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
      bad_input = true;
      continue;
    }
    scenarios.push_back(std::make_unique<Scenario>(std::move(*loaded)));
    const Scenario& scenario = *scenarios.back();
    std::vector<std::uint64_t> seeds;
    if (args.seed) {
      seeds.push_back(*args.seed);
    } else {
      for (int i = 0; i < scenario.seed_count; ++i)
        seeds.push_back(scenario.first_seed + static_cast<std::uint64_t>(i));
    }
    std::vector<harness::RunResult> runs;
    std::string error;
    for (auto seed : seeds) {
      if (trace) trace_file << "# " << scenario.name << " seed " << seed << "\n";
      auto run = harness::run_scenario(scenario, seed, {trace.get(), args.timeline});
      if (!run.is_ok()) {
        error = run.error().message;
        break;
      }
      if (args.timeline) {
        std::cout << scenario.name << " seed " << seed << " timeline:\n";
        harness::print_timeline(std::cout, *run, SIZE_MAX);
      }
      runs.push_back(std::move(*run));
    }
    auto summary = harness::summarize(scenario, runs);
    summary.error = error;
    if (!error.empty()) bad_input = true;
    harness::print_summary(std::cout, summary);
    summaries.push_back(std::move(summary));
  }
  if (junit_file.is_open()) harness::write_junit(junit_file, summaries);
  if (json_file.is_open()) harness::write_json(json_file, summaries);
  if (bad_input) return 2;
  for (const auto& summary : summaries)
    if (!summary.met()) return 1;
  return 0;
}

struct ExploreArguments {
  std::string file;
  int seeds = 100;
  std::uint64_t from = 1;
  bool shrink = true;
  std::string shrunk_out;
};

int explore_command(const ExploreArguments& args) {
  auto loaded = harness::load_scenario(args.file);
  if (!loaded.is_ok()) {
    std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
    return 2;
  }
  const Scenario& scenario = *loaded;
  harness::ExploreOptions options;
  options.from = args.from;
  options.seeds = args.seeds;
  const bool terminal = isatty(STDERR_FILENO) != 0;
  if (terminal) {
    options.progress = [](int done, int total) {
      const int width = 40, filled = done * width / total;
      std::fprintf(stderr, "\r  [%s%s] %d/%d seeds",
                   std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), '.').c_str(), done, total);
      if (done == total) std::fputs("\n", stderr);
    };
  }
  std::printf(
      "exploring %s: seeds %llu..%llu\n", scenario.file.c_str(),
      static_cast<unsigned long long>(args.from),
      static_cast<unsigned long long>(args.from + static_cast<std::uint64_t>(args.seeds) - 1));
  auto summary = harness::explore(scenario, options);
  if (!summary.is_ok()) {
    std::fprintf(stderr, "%s\n", summary.error().message.c_str());
    return 2;
  }
  harness::print_summary(std::cout, *summary);
  // The case to shrink: the first seed breaking a must-hold expectation, else
  // the first one demonstrating a must-be-violated one.
  std::optional<std::size_t> chosen;
  for (int pass = 0; pass < 2 && !chosen; ++pass) {
    for (std::size_t i = 0; i < summary->expectations.size(); ++i) {
      const auto& e = summary->expectations[i];
      // A hold-for-some-seed expectation has no failing seed of its own to shrink.
      const harness::Must wanted = pass == 0 ? harness::Must::kHold : harness::Must::kBeViolated;
      if (e.first_violating_seed && e.expectation->must == wanted) {
        chosen = i;
        break;
      }
    }
  }
  if (args.shrink && chosen) {
    const auto& e = summary->expectations[*chosen];
    std::printf("shrinking seed %llu (%s)…\n",
                static_cast<unsigned long long>(*e.first_violating_seed),
                e.expectation->label.c_str());
    auto shrunk = harness::shrink(scenario, *e.first_violating_seed, *chosen);
    if (shrunk.is_ok()) {
      const std::string out =
          args.shrunk_out.empty() ? scenario.name + ".shrunk.json" : args.shrunk_out;
      std::ofstream file(out, std::ios::binary);
      file << "// Shrunk by `streamlab explore` from " << scenario.file << " (seed "
           << *e.first_violating_seed << "): " << shrunk->expectation_label << "\n"
           << shrunk->scenario_json << "\n";
      std::printf(
          "  %zu events → %zu events in %d runs; %s\n  reproduce: streamlab run %s --seed %llu\n",
          shrunk->events_before, shrunk->events_after, shrunk->runs, shrunk->evidence.c_str(),
          out.c_str(), static_cast<unsigned long long>(shrunk->seed));
    } else {
      std::printf("  could not shrink: %s\n", shrunk.error().message.c_str());
    }
  }
  return summary->met() ? 0 : 1;
}

int list_command(const std::string& directory) {
  const auto files = scenario_files(directory);
  if (files.empty()) {
    std::fprintf(stderr, "streamlab: no scenarios in %s\n", directory.c_str());
    return 2;
  }
  int status = 0;
  for (const auto& file : files) {
    auto loaded = harness::load_scenario(file);
    if (!loaded.is_ok()) {
      std::printf("%-40s  (invalid: %s)\n", file.c_str(), loaded.error().message.c_str());
      status = 2;
      continue;
    }
    std::printf("%-40s  %s\n", file.c_str(), loaded->title.c_str());
  }
  return status;
}

int validate_command(const std::vector<std::string>& files) {
  int status = 0;
  for (const auto& file : files) {
    auto loaded = harness::load_scenario(file);
    if (loaded.is_ok()) {
      std::printf("%s: valid (%zu expectations)\n", file.c_str(), loaded->expectations.size());
    } else {
      std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
      status = 2;
    }
  }
  return status;
}

}  // namespace

void add_scenario_commands(CLI::App& app, int& exit_code) {
  auto run_args = std::make_shared<RunArguments>();
  CLI::App* run = app.add_subcommand(
      "run", "Run scenarios on the simulated clock and check their expectations");
  run->add_option("files", run_args->files, "Scenario files")->required();
  run->add_option("--seed", run_args->seed, "Run only this seed (default: the scenario's seeds)");
  run->add_option("--trace", run_args->trace, "Write the scheduler trace to FILE");
  run->add_option("--junit", run_args->junit, "Write a JUnit XML report to FILE");
  run->add_option("--json", run_args->json, "Write a JSON report to FILE");
  run->add_flag("--timeline", run_args->timeline, "Print what happened, on the virtual clock");
  run->callback([run_args, &exit_code] { exit_code = run_command(*run_args); });

  auto explore_args = std::make_shared<ExploreArguments>();
  CLI::App* explore =
      app.add_subcommand("explore", "Run a scenario under many seeds, then shrink a failing case");
  explore->add_option("file", explore_args->file, "Scenario file")->required();
  explore->add_option("--seeds", explore_args->seeds, "How many seeds")
      ->check(CLI::Range(1, 1000000));
  explore->add_option("--from", explore_args->from, "The first seed");
  explore->add_option("--shrunk-out", explore_args->shrunk_out,
                      "Where to write the shrunk scenario (default NAME.shrunk.json)");
  explore->add_flag("!--no-shrink", explore_args->shrink, "Do not shrink");
  explore->callback([explore_args, &exit_code] { exit_code = explore_command(*explore_args); });

  auto directory = std::make_shared<std::string>(scenarios_directory());
  CLI::App* list = app.add_subcommand("list", "List the scenario library");
  list->add_option("--dir", *directory, "Scenario directory");
  list->callback([directory, &exit_code] { exit_code = list_command(*directory); });

  auto validate_files = std::make_shared<std::vector<std::string>>();
  CLI::App* validate =
      app.add_subcommand("validate", "Check scenario files against scenarios/schema.json");
  validate->add_option("files", *validate_files, "Scenario files")->required();
  validate->callback(
      [validate_files, &exit_code] { exit_code = validate_command(*validate_files); });
}

}  // namespace streamlab::cli
