#pragma once
// The `synack` command line: list, run, sysctl, quiz. main() only forwards argv here, so tests
// can drive the whole command without a process.

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "app/front/exit_codes.hpp"

namespace synack {

// `args` without the program name. Returns the process exit code. `in` feeds `synack quiz`
// its answers; `in_is_terminal` makes it prompt like an interactive program.
int run_cli(const std::vector<std::string>& args, std::istream& in, bool in_is_terminal,
            std::ostream& out, std::ostream& err);
// The same with no input (answers come from nowhere: a quiz ends at once).
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace synack
