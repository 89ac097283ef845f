#pragma once
// The trace as an ASCII sequence diagram for a terminal: one lifeline per host, time on
// the left, arrows for segments, notes for states and socket calls. At most 100 columns.

#include <string>

#include "app/draw/diagram_rows.hpp"
#include "engine/trace.hpp"

namespace synack {

inline constexpr int kTextWidth = 100;

std::string format_text(const Trace& trace, const DiagramOptions& options = {});

}  // namespace synack
