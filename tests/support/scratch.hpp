#pragma once
// Throw-away files for tests: everything under /tmp/synack-<suite>-<pid>/, so parallel test
// processes never share a file and a rerun starts clean.
#include <unistd.h>

#include <filesystem>
#include <string>

namespace synack::test {

// A path that does not exist yet (its directory does).
inline std::filesystem::path scratch_file(const std::string& suite, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("synack-" + suite + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::remove_all(dir / name);
  return dir / name;
}

// An empty directory.
inline std::filesystem::path scratch_dir(const std::string& suite, const std::string& name) {
  const auto dir = scratch_file(suite, name);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace synack::test
