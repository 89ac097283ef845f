#pragma once
// The window's entry point: the interactive loop, and the off-screen --screenshot and
// --bench-frames modes that tests and servers use.

#include <chrono>
#include <ostream>

#include "app/front/gui_args.hpp"

namespace synack::gui {

// `started`: when main() began, for the start-up-to-first-frame figure. Returns the
// process exit code. With no display, the interactive mode prints how to run headless and
// the scenario as a text diagram, and succeeds.
int run_gui(const GuiArgs& args, std::chrono::steady_clock::time_point started, std::ostream& out,
            std::ostream& err);

}  // namespace synack::gui
