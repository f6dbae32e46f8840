// streamlab — local emulator and test harness for a serverless streaming topology.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "tools/cli/commands.h"

namespace {

int run(int argc, char** argv) {
  CLI::App app{
      "streamlab: emulate Kinesis, DynamoDB and Lambda event source mappings on a virtual clock,\n"
      "run the workshop's fanout and winner functions under scripted scenarios,\n"
      "and check ordering and idempotence offline."};
  app.require_subcommand(1);
  int exit_code = 0;
  streamlab::cli::add_demo_command(app, exit_code);
  streamlab::cli::add_scenario_commands(app, exit_code);
  streamlab::cli::add_bench_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;  // bad command line: exit 2, as for bad input
  }
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "streamlab: internal error: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "streamlab: internal error\n");
  }
  return 3;
}
