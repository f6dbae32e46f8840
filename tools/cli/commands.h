// Subcommands of the `streamlab` command line. Each lives in its own file and
// adds itself to the app; main.cpp only lists them.
#pragma once

namespace CLI {
class App;
}

namespace streamlab::cli {

// Each returns nothing; the subcommand's callback sets the process exit code
// through `exit_code`, which main() returns.
void add_demo_command(CLI::App& app, int& exit_code);
void add_bench_command(CLI::App& app, int& exit_code);
void add_scenario_commands(CLI::App& app, int& exit_code);   // run, explore, list, validate
void add_scenario_benches(CLI::App& bench, int& exit_code);  // bench explore, bench topology

}  // namespace streamlab::cli
