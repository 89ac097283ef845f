// The sequence diagram panel: the toolbar (export, zoom, fit, legend, the what-if branch),
// the run laid out for this pane and painted (app/gui/diagram_paint.*), the what-if branch
// beside it, and the mouse: scroll, zoom around the pointer, pick, right-click what-if.
// The layout is made for the pane's width and text size (Session::set_layout); zoom scales
// the text and spacing, and the lifelines always span the pane.

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "app/base/atomic_write.hpp"
#include "app/draw/follow_scroll.hpp"
#include "app/draw/panel_layout.hpp"
#include "app/front/session_export.hpp"
#include "app/front/session_plots.hpp"
#include "app/gui/diagram_paint.hpp"
#include "app/gui/diagram_png.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/imgui_measure.hpp"
#include "app/gui/plot_paint.hpp"
#include "app/gui/plot_picker.hpp"
#include "app/gui/theme.hpp"
#include "app/gui/views.hpp"
#include "app/run/whatif.hpp"

namespace synack::gui {
namespace {

constexpr double kMinZoom = 0.3, kMaxZoom = 3.0;

class DiagramView : public View {
 public:
  const char* title_key() const override { return "view.diagram"; }
  bool visible(const GuiState&) const override { return true; }

  void draw(Session& session, GuiState& gui) override {
    if (!session.is_open()) {
      ImGui::TextDisabled("%s", tr("diagram.no_scenario"));
      return;
    }
    if (!gui.presenter && !gui.diagram_only) toolbar(session, gui);

    ImVec2 avail = ImGui::GetContentRegionAvail();
    // W: the window plot takes a band at the bottom; the diagram keeps the rest. In presenter
    // mode the plot takes the caption's place instead (view_caption.cpp).
    const bool plot = gui.window_plot && !gui.diagram_only && !gui.presenter;
    const float plot_px = plot_font_px(gui);
    // The diagram keeps its header and a few rows where it can.
    const float band = plot ? plot_band_height(avail.y, plot_px, 7 * ImGui::GetFontSize()) : 0;
    const ImVec2 band_min(ImGui::GetCursorScreenPos().x,
                          ImGui::GetCursorScreenPos().y + avail.y - band);
    const ImVec2 band_max(band_min.x + avail.x, band_min.y + band);
    avail.y -= band;
    ImGui::BeginChild("##diagram_canvas", avail, false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 size(std::max(ImGui::GetContentRegionAvail().x, 1.0f),
                      std::max(ImGui::GetContentRegionAvail().y, 1.0f));
    ImGui::InvisibleButton("##diagram_input", size,
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    ImGui::SetItemAllowOverlap();
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    const bool released = ImGui::IsItemDeactivated();

    relayout(session, gui, size.x);
    const Run& run = session.run();
    const Run* branch = session.branch();
    const float half = branch ? std::floor(size.x / 2) : size.x;
    if (gui.fit_request) fit(session, gui, size.y);
    apply_zoom_anchor(session, gui);
    follow_cursor(session, gui, size.y);
    const DiagramColours colours = diagram_colours(gui, static_cast<float>(run.layout.font_px));

    Playback& pb = session.playback();
    DiagramFrame main;
    main.layout = &run.layout;
    main.trace = &run.trace;
    main.pane_min = p0;
    main.pane_max = ImVec2(p0.x + half, p0.y + size.y);
    main.scroll_y = static_cast<float>(gui.scroll_y);
    main.shown = pb.visible_events();
    main.hide_future = gui.presenter || gui.predict_mode;
    main.playback = &pb;
    main.selected_segment = session.selected_segment;
    main.hovered_arrow = hovered_arrow_;
    main.ask_event = gui.room_question;
    input(session, gui, main, hovered, active, released, size.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    bool moving = painter_.paint(dl, main, colours);

    if (branch) {
      DiagramFrame side;
      side.layout = &branch->layout;
      side.trace = &branch->trace;
      side.pane_min = ImVec2(p0.x + half, p0.y);
      side.pane_max = ImVec2(p0.x + size.x, p0.y + size.y);
      // Shown up to the main cursor's virtual time, and level with it: the same instant side
      // by side.
      const Micros now = run.layout.time_of(pb.cursor_y());
      const auto& ev = branch->trace.events;
      side.shown = static_cast<std::size_t>(
          std::upper_bound(ev.begin(), ev.end(), now,
                           [](Micros t, const Event& e) { return t < e.t; }) -
          ev.begin());
      if (pb.step() >= pb.step_count()) side.shown = ev.size();
      side.hide_future = main.hide_future;
      side.scroll_y = main.scroll_y;
      side.y_offset = static_cast<float>(pb.cursor_y() - branch->layout.y_of(now));
      dl->AddLine(ImVec2(p0.x + half, p0.y), ImVec2(p0.x + half, p0.y + size.y), colours.ink, 2);
      moving = painter_.paint(dl, side, colours) || moving;
    }

    context_menu(session);
    if (!gui.export_png.empty()) export_png(session, gui, std::exchange(gui.export_png, {}));
    ImGui::EndChild();
    if (plot) {
      ImDrawList* wdl = ImGui::GetWindowDrawList();
      wdl->AddLine(band_min, ImVec2(band_max.x, band_min.y), colours.header_rule);
      SessionPlots& plots = *gui.plots;
      // The host picker leads the legend's row.
      const PlotLead lead = host_picker_size(session, plots);
      const PlotFrame f = paint_plot(
          wdl, plots.window(session, ui_strings()),
          ImVec2(band_min.x, band_min.y + ImGui::GetStyle().ItemSpacing.y), band_max, plot_px,
          plot_colours(gui, plot_px), cursor_ms(session), /*titled=*/false, lead);
      if (lead.width > 0) {
        host_picker(session, plots,
                    ImVec2(static_cast<float>(f.lead.x0), static_cast<float>(f.lead.y0)),
                    static_cast<float>(f.lead.x1 - f.lead.x0));
      }
    }
    if (pb.playing() || moving) gui.want_redraw = true;
  }

 private:
  // --- layout for this pane -------------------------------------------------------------

  void relayout(Session& session, const GuiState& gui, float width) {
    const std::size_t hosts = session.run().trace.hosts.size();
    const double text_px = ImGui::GetFontSize() * gui.zoom;
    const bool split = session.branch() != nullptr;
    const double main_w = split ? std::floor(width / 2) : width;
    LayoutOptions main;
    main.width = main_w;
    main.font_px = diagram_font_px(main_w, text_px, hosts);
    main.lang = session.lang;
    main_measure_.px = main.font_px;
    main.measure = &main_measure_;
    LayoutOptions side = main;
    side.width = width - main_w;
    side.font_px = diagram_font_px(side.width, text_px, hosts);
    branch_measure_.px = side.font_px;
    side.measure = &branch_measure_;
    session.set_layout(main, side);
  }

  // Zoom so the whole diagram fits the pane's height (text and spacing scale together, so
  // the height is nearly proportional to the zoom; one correction follows next frame).
  void fit(Session& session, GuiState& gui, float pane_h) {
    const Layout& l = session.run().layout;
    const double room = pane_h - l.header_height - l.font_px;
    if (l.height <= 0 || room <= 0) return;
    const double z = std::clamp(gui.zoom * room / l.height, kMinZoom, kMaxZoom);
    gui.scroll_y = 0;
    if (std::abs(z - gui.zoom) < 0.01 || ++fit_rounds_ > 3) {
      gui.fit_request = false;
      fit_rounds_ = 0;
      return;
    }
    gui.zoom = z;
  }

  void set_zoom(Session& session, GuiState& gui, double z, float anchor_screen_y) {
    z = std::clamp(z, kMinZoom, kMaxZoom);
    if (z == gui.zoom) return;
    // Keep the instant under the pointer (or the top) where it is once laid out again.
    const Layout& l = session.run().layout;
    const double y = gui.scroll_y + anchor_screen_y;
    anchor_ = std::pair{l.time_of(y), static_cast<double>(anchor_screen_y)};
    gui.zoom = z;
  }

  void apply_zoom_anchor(Session& session, GuiState& gui) {
    if (!anchor_) return;
    gui.scroll_y = std::max(0.0, session.run().layout.y_of(anchor_->first) - anchor_->second);
    anchor_.reset();
  }

  // While playing (or right after a step), keep the cursor on screen.
  void follow_cursor(Session& session, GuiState& gui, float pane_h) {
    const Playback& pb = session.playback();
    const double view = pane_h - session.run().layout.header_height;
    if (pb.step() == followed_step_ && !pb.playing() && session.run().layout.id == followed_id_)
      return;
    followed_step_ = pb.step();
    followed_id_ = session.run().layout.id;
    gui.scroll_y =
        follow_scroll(session.run().layout, gui.scroll_y, view, pb.cursor_y(), pb.visible_events());
  }

  // --- mouse ----------------------------------------------------------------------------

  void input(Session& session, GuiState& gui, const DiagramFrame& f, bool hovered, bool active,
             bool released, float pane_h) {
    ImGuiIO& io = ImGui::GetIO();
    const Layout& l = session.run().layout;
    if (hovered && io.MouseWheel != 0) {
      if (io.KeyCtrl) {
        set_zoom(session, gui, gui.zoom * std::pow(1.15, io.MouseWheel), io.MousePos.y - f.top());
      } else {
        gui.scroll_y -= io.MouseWheel * 4 * l.font_px;
      }
    }
    if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3)) {
      gui.scroll_y -= io.MouseDelta.y;
      dragged_ = true;
    }
    hovered_arrow_ = hovered ? painter_.pick(f, io.MousePos) : std::nullopt;
    if (released) {
      if (!dragged_ && hovered_arrow_) session.selected_segment = l.arrows[*hovered_arrow_].segment;
      dragged_ = false;
    }
    if (hovered && hovered_arrow_ && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
      menu_arrow_ = *hovered_arrow_;
      ImGui::OpenPopup("##arrow_menu");
    }
    if (hovered && hovered_arrow_ && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      const Arrow& a = l.arrows[*hovered_arrow_];
      const auto& events = session.run().trace.events;
      ImGui::BeginTooltip();
      ImGui::TextUnformatted(a.label.c_str());
      ImGui::TextUnformatted(describe(events[a.send_event].reason, session.lang).c_str());
      if (a.end_event < events.size() && a.end_event != a.send_event)
        ImGui::TextUnformatted(describe(events[a.end_event].reason, session.lang).c_str());
      ImGui::TextDisabled("%s", tr("diagram.hint_click"));
      ImGui::EndTooltip();
    }
    gui.scroll_y = std::clamp(gui.scroll_y, 0.0, max_scroll(l, pane_h - l.header_height));
  }

  void context_menu(Session& session) {
    if (!ImGui::BeginPopup("##arrow_menu")) return;
    const Run& run = session.run();
    if (menu_arrow_ < run.layout.arrows.size()) {
      const Arrow& a = run.layout.arrows[menu_arrow_];
      ImGui::TextDisabled("%s", a.label.c_str());
      ImGui::Separator();
      if (ImGui::MenuItem(tr("diagram.inspect"))) session.selected_segment = a.segment;
      const bool can = drop_rule_for(run.trace, a.segment).has_value();
      if (ImGui::MenuItem(tr("diagram.drop_segment"), nullptr, false, can)) {
        session.what_if_drop(a.segment);
      }
      if (!can) ImGui::TextDisabled("%s", tr("diagram.cannot_drop"));
    }
    if (session.branch()) {
      ImGui::Separator();
      if (ImGui::MenuItem(tr("diagram.whatif_close"))) session.clear_branch();
    }
    ImGui::EndPopup();
  }

  // --- toolbar --------------------------------------------------------------------------

  void toolbar(Session& session, GuiState& gui) {
    // --menu export: once the panel is up (opened while it appears, the popup would close
    // again as the new windows take focus).
    const bool asked = gui.open_export && !ImGui::IsWindowAppearing();
    if (ImGui::Button(tr("export.menu")) || asked) ImGui::OpenPopup("##export");
    if (asked) gui.open_export = false;
    ImGui::SameLine();
    if (ImGui::Button("-")) set_zoom(session, gui, gui.zoom / 1.25, 0);
    ImGui::SameLine();
    if (ImGui::Button(fmt::format("{:.0f}%###zoom", gui.zoom * 100).c_str())) {
      set_zoom(session, gui, 1.0, 0);
    }
    ImGui::SameLine();
    if (ImGui::Button("+")) set_zoom(session, gui, gui.zoom * 1.25, 0);
    ImGui::SameLine();
    if (ImGui::Button(tr("diagram.fit"))) gui.fit_request = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("diagram.fit_tip"));
    ImGui::SameLine();
    if (ImGui::Button(tr("diagram.legend"))) ImGui::OpenPopup("##legend");
    if (session.branch()) {
      const auto& rule = session.branch_rule();
      ImGui::SameLine();
      ImGui::TextUnformatted(
          fmt::format("| {} {}", tr("diagram.whatif_title"), rule ? drop_rule_text(*rule) : "")
              .c_str());
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("diagram.whatif_close"))) session.clear_branch();
    } else if (export_status_.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", tr("diagram.hint_zoom"));
    }
    if (!export_status_.empty()) {
      ImGui::SameLine();
      ImGui::TextUnformatted(export_status_.c_str());
    }
    if (ImGui::BeginPopup("##export")) {
      export_menu(session, gui);
      ImGui::EndPopup();
    }
    if (ImGui::BeginPopup("##legend")) {
      legend();
      ImGui::EndPopup();
    }
    if (auto status = take_png_status()) export_status_ = *status;
  }

  static void legend() {
    for (const char* key :
         {"legend.arrow", "legend.lost", "legend.ladder", "legend.retx", "legend.state",
          "legend.listener", "legend.timer", "legend.gap", "legend.flood", "legend.disagreement"}) {
      ImGui::BulletText("%s", tr(key));
    }
  }

  static std::string default_path(const Session& session, const char* ext, const char* part = "") {
    const char* home = std::getenv("HOME");
    std::filesystem::path dir = home && *home ? home : ".";
    return (dir / fmt::format("synack-{}{}.{}", session.scenario().spec.id, part, ext)).string();
  }

  void export_menu(Session& session, GuiState& gui) {
    if (export_for_ != session.scenario().spec.id) {
      export_for_ = session.scenario().spec.id;
      svg_path_ = default_path(session, "svg");
      png_path_ = default_path(session, "png");
      mmd_path_ = default_path(session, "mmd");
      plot_paths_[0] = default_path(session, "png", "-window");
      plot_paths_[1] = default_path(session, "png", "-tseq");
    }
    ImGui::TextUnformatted(tr("export.title"));
    ImGui::Separator();
    const float field = ImGui::GetFontSize() * 22;
    ImGui::SetNextItemWidth(field);
    ImGui::InputText("##svg", &svg_path_);
    ImGui::SameLine();
    if (ImGui::Button(tr("export.svg"))) write(svg_path_, export_session_svg(session));
    ImGui::SetNextItemWidth(field);
    ImGui::InputText("##png", &png_path_);
    ImGui::SameLine();
    if (ImGui::Button(tr("export.png"))) {
      export_png(session, gui, png_path_);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SetNextItemWidth(field);
    ImGui::InputText("##mmd", &mmd_path_);
    ImGui::SameLine();
    if (ImGui::Button(tr("export.mermaid"))) write(mmd_path_, export_session_mermaid(session));
    // The plots of the host picked in the plot panel, as `synack plot` draws them.
    ImGui::Separator();
    ImGui::TextUnformatted(tr("plot.export_title"));
    for (auto [path, kind, key] : {std::tuple{&plot_paths_[0], "window", "plot.export_window"},
                                   std::tuple{&plot_paths_[1], "tseq", "plot.menu_tseq"}}) {
      ImGui::PushID(kind);
      ImGui::SetNextItemWidth(field);
      ImGui::InputText("##plot", path);
      ImGui::SameLine();
      if (ImGui::Button(tr(key))) {
        try {
          write(*path, gui.plots->file(session, ui_strings(), kind, plot_format("", *path)));
        } catch (const std::exception& e) {
          export_status_ = fmt::format("{} {}", tr("export.failed"), e.what());
        }
      }
      ImGui::PopID();
    }
  }

  void write(const std::string& path, const std::string& content) {
    try {
      write_file_atomically(path, content);
      export_status_ = fmt::format("{} {}", tr("export.written"), path);
    } catch (const std::exception& e) {
      export_status_ = fmt::format("{} {}", tr("export.failed"), e.what());
    }
  }

  // The whole diagram as far as the cursor, at the window's layout and colours, painted
  // offscreen once this frame is rendered (diagram_png.*).
  void export_png(Session& session, const GuiState& gui, const std::string& path) {
    const Run& run = session.run();
    const Layout& l = run.layout;
    const std::size_t shown = session.playback().visible_events();
    double bottom = l.height;
    if (shown < run.trace.events.size()) {
      bottom = shown == 0 ? 0 : l.event_y[shown - 1];
      for (const Arrow& a : l.arrows) {
        if (a.send_event < shown) bottom = std::max(bottom, a.y1);
      }
      for (const TextBox& t : l.texts) {
        if (t.event != kAlways && t.event < shown) bottom = std::max(bottom, t.box.y1);
      }
      bottom += 2 * l.font_px;
    }
    PngRequest r;
    r.path = path;
    r.width = static_cast<int>(std::ceil(l.width));
    r.height = static_cast<int>(std::ceil(l.header_height + bottom));
    clear_colour(r.background);
    const DiagramColours colours = diagram_colours(gui, static_cast<float>(l.font_px));
    r.paint = [this, &run, shown, colours](ImDrawList* dl, float band_top, float band_h) {
      DiagramFrame f;
      f.layout = &run.layout;
      f.trace = &run.trace;
      f.pane_min = ImVec2(0, -band_top);
      f.pane_max = ImVec2(static_cast<float>(run.layout.width), band_h);
      f.shown = shown;
      f.hide_future = true;
      png_painter_.paint(dl, f, colours);
    };
    request_png(std::move(r));
  }

  ImGuiMeasure main_measure_, branch_measure_;
  DiagramPainter painter_, png_painter_;
  std::optional<std::size_t> hovered_arrow_;
  std::size_t menu_arrow_ = 0;
  bool dragged_ = false;
  std::size_t followed_step_ = static_cast<std::size_t>(-1);
  std::uint64_t followed_id_ = 0;
  std::optional<std::pair<Micros, double>> anchor_;  // zoom: instant kept at a screen y
  int fit_rounds_ = 0;
  std::string export_for_, svg_path_, png_path_, mmd_path_, export_status_;
  std::string plot_paths_[2];  // the window plot's and the time-sequence graph's
};

}  // namespace

std::unique_ptr<View> make_diagram_view() {
  return std::make_unique<DiagramView>();
}

}  // namespace synack::gui
