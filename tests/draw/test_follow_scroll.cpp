// follow_scroll: stepping through the busiest scenarios in panes of a projector's heights,
// the cursor stays on screen and no label shown is cut by the top edge (the sticky header)
// when there was room to show it whole.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "app/draw/follow_scroll.hpp"
#include "app/draw/playback.hpp"
#include "engine/simulator.hpp"

using namespace synack;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

// The first shown text the top edge cuts, or nullptr.
const TextBox* cut_at_top(const Layout& l, double scroll, std::size_t visible) {
  for (const TextBox& t : l.texts) {
    const bool shown = t.event == kAlways || t.event < visible;
    if (shown && t.box.y0 < scroll && t.box.y1 > scroll) return &t;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("follow_scroll keeps the cursor in view and shows labels whole at the top", "[layout]") {
  for (const std::string id : {"sack", "fast-retransmit", "syn-flood", "ack-lost"}) {
    const Trace t = run_scenario(load_scenario_arg(kContent, id).spec, {});
    const Layout l = layout_trace(t);
    for (const double view : {250.0, 400.0, 700.0}) {
      CAPTURE(id, view);
      Playback pb(t, l);
      double scroll = 0;
      for (std::size_t s = 1; s <= pb.step_count(); ++s) {
        pb.seek_step(s);
        const double before = scroll;
        const double y = pb.cursor_y();
        scroll = follow_scroll(l, scroll, view, y, pb.visible_events());
        CAPTURE(s, y, scroll);
        CHECK(scroll >= 0);
        CHECK(scroll <= max_scroll(l, view));
        CHECK(y >= scroll);
        CHECK(y <= scroll + view);
        // A cursor already in view does not move the pane down (it may show a label whole).
        if (y >= before && y <= before + view * 0.85) CHECK(scroll <= before);
        if (const TextBox* cut = cut_at_top(l, scroll, pb.visible_events())) {
          // Only when showing it whole would push the cursor off the bottom.
          CHECK(y > cut->box.y0 - l.text_pad_y + view * 0.85);
        }
      }
      // Jumping from the top to the last step (the End key): the diagram's end in view.
      const double end = follow_scroll(l, 0, view, pb.cursor_y(), pb.visible_events());
      CHECK(pb.cursor_y() <= end + view);
      CHECK(end >= max_scroll(l, view) - view);
    }
  }
}
