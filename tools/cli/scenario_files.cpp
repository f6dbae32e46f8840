#include "tools/cli/scenario_files.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace streamlab::cli {

std::string scenarios_directory() {
  if (const char* directory = std::getenv("STREAMLAB_SCENARIOS"); directory && *directory)
    return directory;
  return STREAMLAB_SOURCE_SCENARIOS;
}

std::vector<std::string> scenario_files(const std::string& directory) {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const auto& path = entry.path();
    if (path.extension() == ".json" && path.filename() != "schema.json")
      files.push_back(path.string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace streamlab::cli
