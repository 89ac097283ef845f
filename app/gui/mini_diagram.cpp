#include "app/gui/mini_diagram.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/content/scenario_catalog.hpp"
#include "app/gui/diagram_paint.hpp"
#include "app/gui/imgui_measure.hpp"
#include "app/run/narration.hpp"
#include "engine/simulator.hpp"

namespace synack::gui {

// One built run, kept while the same step is shown at the same size and language.
struct MiniDiagram::Built {
  std::string key;
  Trace trace;
  Layout layout;
  std::unique_ptr<Playback> playback;
  ImGuiMeasure measure;
  DiagramPainter painter;
  double focus_y = 0;
};

MiniDiagram::MiniDiagram() = default;
MiniDiagram::~MiniDiagram() = default;

void MiniDiagram::draw(const WatchTarget& target, const std::filesystem::path& content,
                       const GuiState& gui, Lang lang, float height, float width) {
  if (width <= 0 || width > ImGui::GetContentRegionAvail().x) {
    width = ImGui::GetContentRegionAvail().x;
  }
  const float px = ImGui::GetFontSize();
  if (width < px * 10) return;
  const std::string key =
      fmt::format("{}|{}|{}|{}|{}|{}", target.scenario,
                  target.event ? static_cast<long long>(*target.event) : -1,
                  target.options.seed.value_or(0), width, px, lang == Lang::zh ? "zh" : "en");
  if (!built_ || built_->key != key) {
    try {
      auto b = std::make_unique<Built>();
      b->key = key;
      const Scenario sc = load_scenario_arg(content, target.scenario);
      b->trace = run_scenario(sc.spec, target.options);
      b->measure.px = px;
      LayoutOptions o;
      o.width = width;
      o.font_px = px;
      o.lang = lang;
      o.measure = &b->measure;
      b->layout = layout_trace(b->trace, o);
      b->playback = std::make_unique<Playback>(b->trace, b->layout,
                                               anchor_narrations(sc.narration, b->trace));
      Playback& pb = *b->playback;
      pb.pause();
      pb.seek_step(target.event ? pb.step_showing(*target.event) : pb.step_count());
      b->focus_y = pb.cursor_y();
      built_ = std::move(b);
    } catch (const std::exception&) {
      built_.reset();
      return;
    }
  }
  Built& b = *built_;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 p1(p0.x + width, p0.y + height);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRect(p0, p1, ImGui::GetColorU32(ImGuiCol_Border));
  DiagramFrame f;
  f.layout = &b.layout;
  f.trace = &b.trace;
  f.pane_min = ImVec2(p0.x + 1, p0.y + 1);
  f.pane_max = ImVec2(p1.x - 1, p1.y - 1);
  f.playback = b.playback.get();
  f.shown = b.playback->visible_events();
  f.hide_future = true;
  // The step near the bottom: what led to it is what the feedback explains.
  const double band = height - b.layout.header_height;
  f.scroll_y = static_cast<float>(std::max(0.0, b.focus_y - band * 0.75));
  dl->PushClipRect(f.pane_min, f.pane_max, true);
  b.painter.paint(dl, f, diagram_colours(gui, px));
  dl->PopClipRect();
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace synack::gui
