// Every catalog scenario laid out as the window lays it out, at the window sizes people use
// (1024x600, a 1280x720 projector, 1920x1080), text scales 1.0 / 1.5 / 2.0, normal and
// presenter mode, with and without a what-if branch beside it: no two texts overlap, no
// arrow, bar or lifeline runs through a text, nothing is cut off by the pane. Text is
// measured with the window's own font file, as ImGui measures it. The check is independent
// of the layout's own bookkeeping (layout_check.hpp).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <map>
#include <memory>

#include "app/draw/diagram_layout.hpp"
#include "app/draw/font_measure.hpp"
#include "app/draw/panel_layout.hpp"
#include "app/front/session.hpp"
#include "app/run/whatif.hpp"
#include "tests/support/layout_check.hpp"

using namespace synack;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

struct Setting {
  int w, h;
  float scale;
  bool presenter;
};

// Measures at every text size the settings need, made once.
class Measures {
 public:
  Measures() : font_(find_cjk_font()) {}
  const TextMeasure& at(double px) {
    auto& m = by_px_[px];
    if (!m) {
      if (font_.path.empty()) {
        m = std::make_unique<ApproxMeasure>(px);
      } else {
        m = std::make_unique<FontMeasure>(font_, px);
      }
    }
    return *m;
  }
  bool real_font() const { return !font_.path.empty(); }

 private:
  FontFile font_;
  std::map<double, std::unique_ptr<TextMeasure>> by_px_;
};

// The options the diagram view makes for a pane of this width (view_diagram.cpp relayout).
LayoutOptions pane_options(double width, double text_px, std::size_t hosts, Lang lang,
                           Measures& measures) {
  LayoutOptions o;
  o.width = width;
  o.font_px = diagram_font_px(width, text_px, hosts);
  o.lang = lang;
  o.measure = &measures.at(o.font_px);
  return o;
}

std::string describe(const Setting& s, const std::string& id, bool branch, Lang lang) {
  return fmt::format("{} at {}x{} text x{} {}{}{}", id, s.w, s.h, s.scale,
                     s.presenter ? "presenter" : "normal", branch ? " with a branch" : "",
                     lang == Lang::zh ? " zh" : "");
}

}  // namespace

TEST_CASE("diagram geometry: every scenario, every window size, text size and mode", "[geometry]") {
  Measures measures;
  if (!measures.real_font()) WARN("no CJK font installed: measuring with ApproxMeasure");
  std::vector<Setting> settings;
  for (auto [w, h] : {std::pair{1024, 600}, {1280, 720}, {1920, 1080}}) {
    for (float scale : {1.0f, 1.5f, 2.0f}) {
      for (bool presenter : {false, true}) settings.push_back({w, h, scale, presenter});
    }
  }
  Session session(kContent);
  std::size_t layouts = 0;
  for (const auto& entry : session.catalog().entries) {
    session.open(entry.id);
    // The first segment a what-if can drop: the branch beside the main run.
    std::optional<std::uint32_t> droppable;
    for (std::uint32_t s = 0; s < session.run().trace.segments.size() && !droppable; ++s) {
      if (drop_rule_for(session.run().trace, s)) droppable = s;
    }
    for (const Setting& s : settings) {
      const float px = font_px_for(s.scale, s.presenter);
      const PanelLayout panels = layout_panels(panel_input_for_window(
          static_cast<float>(s.w), static_cast<float>(s.h), px, s.presenter));
      const double width = panels.canvas.w;
      const std::size_t hosts = session.run().trace.hosts.size();
      for (bool branch : {false, true}) {
        if (branch && !droppable) continue;
        // Chinese on the largest screen, where the most text of each kind fits in one line.
        const Lang lang = s.w == 1920 && s.scale == 1.0f ? Lang::zh : Lang::en;
        session.lang = lang;
        const double main_w = branch ? std::floor(width / 2) : width;
        const LayoutOptions main = pane_options(main_w, px, hosts, lang, measures);
        const LayoutOptions side = pane_options(width - main_w, px, hosts, lang, measures);
        session.set_layout(main, side);
        if (branch) {
          REQUIRE(session.what_if_drop(*droppable));
        } else {
          session.clear_branch();
        }
        INFO(describe(s, entry.id, branch, lang));
        const Layout& l = session.run().layout;
        CHECK(l.width == main_w);
        auto problems = synack::test::layout_problems(l);
        if (branch) {
          REQUIRE(session.branch());
          for (auto& p : synack::test::layout_problems(session.branch()->layout)) {
            problems.push_back("branch: " + p);
          }
        }
        for (std::size_t i = 0; i < std::min<std::size_t>(problems.size(), 5); ++i) {
          UNSCOPED_INFO(problems[i]);
        }
        CHECK(problems.empty());
        CHECK(l.settled);
        ++layouts;
      }
      session.clear_branch();
    }
  }
  CHECK(layouts >= 41 * 18);
}

TEST_CASE("diagram geometry: the panes it is checked at are the window's", "[geometry]") {
  // The canvas widths above come from the panel model, which the window uses (shell.cpp);
  // a 1024x600 screen keeps the diagram at least 34 lines of text wide, presenter mode gives
  // it the whole width.
  const float px = font_px_for(1.0f, false);
  const PanelLayout normal = layout_panels(panel_input_for_window(1024, 600, px, false));
  CHECK(normal.canvas.w >= kCanvasMinWidthEm * px - 1);
  CHECK(normal.canvas.x + normal.canvas.w <= 1024);
  const PanelLayout presenter =
      layout_panels(panel_input_for_window(1024, 600, font_px_for(1.0f, true), true));
  CHECK(presenter.canvas.w > 1024 * 0.95);
}
