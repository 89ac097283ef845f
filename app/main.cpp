#include <unistd.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/cli.hpp"
#include "app/front/exit_codes.hpp"
#include "app/front/gui_args.hpp"
#include "app/gui/app.hpp"

int main(int argc, char** argv) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  if (!synack::is_gui_command(args))
    return synack::run_cli(args, std::cin, ::isatty(STDIN_FILENO) == 1, std::cout, std::cerr);

  // No arguments, or the window's own options: the visualizer.
  const auto parsed = synack::parse_gui_args(args);
  if (!parsed.help.empty()) {
    std::cout << parsed.help;
    return synack::kExitOk;
  }
  if (!parsed.args) {
    std::cerr << "synack: " << parsed.error << "\nRun 'synack --help' for usage.\n";
    return synack::kExitUsage;
  }
  return synack::gui::run_gui(*parsed.args, started, std::cout, std::cerr);
}
