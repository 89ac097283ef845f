#pragma once
// Where the diagram pane scrolls to keep the playback cursor in view, without the GUI: the
// cursor stays put while it is on screen, else it is brought to 40 % of the view; and a
// label the top edge would cut in half (under the sticky host header) is shown whole when
// that still keeps the cursor on screen, as a projected step should not end on half a label.

#include <cstddef>

#include "app/draw/diagram_layout.hpp"

namespace synack {

// The furthest the pane scrolls: the end of the diagram two lines above the bottom.
double max_scroll(const Layout& l, double view);

// The scroll that shows `cursor_y` in a pane `view` high, from `scroll`; texts of events
// [0, visible_events) count as shown.
double follow_scroll(const Layout& l, double scroll, double view, double cursor_y,
                     std::size_t visible_events);

}  // namespace synack
