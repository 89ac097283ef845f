#pragma once
// Paints a laid-out run into an ImGui draw list: the window's diagram panes and the PNG
// export both go through here. Nothing is placed here; every position comes from the
// Layout (app/draw/diagram_layout.hpp). Only what meets the visible band is drawn.

#include <imgui.h>

#include <cstddef>
#include <optional>
#include <vector>

#include "app/draw/diagram_layout.hpp"
#include "app/draw/playback.hpp"
#include "engine/trace.hpp"

namespace synack::gui {

struct GuiState;

struct DiagramColours {
  ImU32 ink, faint, muted, gap_bg, timer, accent, badge_bg, header_rule, flood;
  ImU32 disagree;     // a captured segment the engine would not have sent (its label says so too)
  float line = 1.5f;  // arrow thickness; thicker on a projector
  float head = 8;     // arrowhead length
};
DiagramColours diagram_colours(const GuiState& gui, float font_px);

// One run as drawn: where its layout sits on screen and how much of it is shown.
struct DiagramFrame {
  const Layout* layout = nullptr;
  const Trace* trace = nullptr;
  ImVec2 pane_min, pane_max;  // the pane; its top header_height is the sticky host header
  float scroll_y = 0;         // layout y at the top of the scrolling area
  float y_offset = 0;         // extra shift (a what-if branch level with the main cursor)
  std::size_t shown = 0;      // events [0, shown) are drawn in full
  bool hide_future = false;   // presenter and predict mode: the future is not even faint
  bool draw_header = true;
  const Playback* playback = nullptr;  // animates arrows and draws the "now" line
  std::optional<std::uint32_t> selected_segment;
  std::optional<std::size_t> hovered_arrow;
  std::optional<std::size_t> ask_event;  // "?" stub: the send the room is asked to predict

  ImVec2 at(double x, double y) const;  // layout to screen
  float top() const;                    // screen y where the scrolling area starts
};

class DiagramPainter {
 public:
  // Returns true while something moves (an arrow on its way), so the window keeps drawing.
  bool paint(ImDrawList* dl, const DiagramFrame& f, const DiagramColours& c);

  // The arrow under the mouse (within a few pixels of its line, or on its label), if any.
  std::optional<std::size_t> pick(const DiagramFrame& f, ImVec2 mouse) const;

 private:
  struct Index {
    std::uint64_t id = 0;              // Layout::id it was made for
    std::vector<double> arrow_bottom;  // running max of max(y0, y1)
    std::vector<double> text_bottom;   // running max of box.y1 (texts are sorted by y0)
    std::vector<double> timer_bottom;  // timers sorted by y0: running max of y1
    std::vector<std::size_t> timer_order;
  };
  const Index& index_for(const Layout& l);
  const Index* find(const Layout& l) const;
  void header(ImDrawList* dl, const DiagramFrame& f, const DiagramColours& c) const;

  Index main_, other_;
};

}  // namespace synack::gui
