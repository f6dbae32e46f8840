// Where the scenario library is: $STREAMLAB_SCENARIOS, else the source tree's
// scenarios/ (compiled in), and the files in it in their demo order.
#pragma once

#include <string>
#include <vector>

namespace streamlab::cli {

std::string scenarios_directory();
// Every *.json but schema.json, sorted by name (names start with their order: 01-…).
std::vector<std::string> scenario_files(const std::string& directory);

}  // namespace streamlab::cli
