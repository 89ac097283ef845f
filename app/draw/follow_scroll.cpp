#include "app/draw/follow_scroll.hpp"

#include <algorithm>

namespace synack {

double max_scroll(const Layout& l, double view) {
  return std::max(0.0, l.height - view + 2 * l.font_px);
}

double follow_scroll(const Layout& l, double scroll, double view, double cursor_y,
                     std::size_t visible_events) {
  if (cursor_y > scroll + view * 0.85 || cursor_y < scroll) scroll = cursor_y - view * 0.4;
  scroll = std::clamp(scroll, 0.0, max_scroll(l, view));
  // Moving up to show one label whole may cut another that starts higher: repeat while
  // the cursor stays where it would not make the pane move again (above 85 %).
  for (bool moved = true; moved;) {
    moved = false;
    for (const TextBox& t : l.texts) {  // sorted by top
      if (t.box.y0 >= scroll) break;
      const bool shown = t.event == kAlways || t.event < visible_events;
      if (!shown || t.box.y1 <= scroll) continue;
      const double whole = std::max(0.0, t.box.y0 - l.text_pad_y);
      if (cursor_y <= whole + view * 0.85) {
        scroll = whole;
        moved = true;
      }
      break;
    }
  }
  return scroll;
}

}  // namespace synack
