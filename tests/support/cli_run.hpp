#pragma once
// The real `synack` binary run through a shell for the end-to-end tests of tests/cli/: exit
// code, standard output (bytes, so a PNG on stdout too) and standard error. The scenarios
// come from the source tree's content/.
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace synack::test {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

// /tmp/synack-cli-test-<pid>/: this test process's own files.
inline std::filesystem::path cli_scratch_dir() {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("synack-cli-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `synack ARGS` (ARGS as a shell would split them).
inline CliResult run_synack(const std::string& args) {
  const std::filesystem::path err_file = cli_scratch_dir() / "stderr.txt";
  const std::string cmd = "SYNACK_CONTENT_DIR='" SYNACK_SOURCE_DIR "/content' '" SYNACK_BINARY
                          "' " +
                          args + " 2>'" + err_file.string() + "'";
  CliResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(err_file);
  return r;
}

}  // namespace synack::test
