#pragma once
// The `synack` command line: list, run, sysctl. main() only forwards argv here, so tests
// can drive the whole command without a process.

#include <ostream>
#include <string>
#include <vector>

namespace synack {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the run itself failed (engine error, cannot write)
inline constexpr int kExitUsage = 2;    // bad arguments, unknown scenario, bad scenario file

// `args` without the program name. Returns the process exit code.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace synack
