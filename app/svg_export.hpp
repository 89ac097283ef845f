#pragma once
// The sequence diagram as a standalone SVG file, for slides: drawn from the same Layout as
// the window, so the exported picture matches what the student saw. No UI library.

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include "app/diagram_layout.hpp"
#include "engine/trace.hpp"

namespace synack {

struct SvgOptions {
  std::string title;  // written as <title> and on top of the picture; "" for none
  // Only events [0, visible_events) are drawn: the diagram as far as the playback cursor.
  std::size_t visible_events = std::numeric_limits<std::size_t>::max();
  bool show_timers = true;
};

// Structure (stable; tests and scripts rely on it): one <line class="arrow"> per arrow
// (lost ones also class "lost", dashed, followed by one <path class="cross">), one
// <text class="label"> per arrow, <path class="retx-link"> from a retransmission back to
// its original, <text class="state"> per state mark, <rect class="timer"> per timer bar,
// <g class="gap"> per compressed gap, <g class="lifeline"> per host.
std::string export_svg(const Trace& trace, const Layout& layout, const SvgOptions& options = {});

// Text made safe for XML character data and attribute values.
std::string svg_escape(std::string_view text);

}  // namespace synack
