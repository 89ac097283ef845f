#include "app/gui/shell.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include "app/draw/panel_layout.hpp"
#include "app/front/capture_desk.hpp"
#include "app/gui/i18n.hpp"

namespace synack::gui {
namespace {

// Panels tile the window, so they draw no background: the window is cleared with the
// theme's panel colour instead. Under llvmpipe a blended full-screen background costs about
// 6 ms of rasterising a frame; a clear costs next to nothing.
constexpr ImGuiWindowFlags kPanel = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus |
                                    ImGuiWindowFlags_NoBackground;

// The panel's window title: translated text, with a fixed ### id so switching the language
// does not make ImGui think it is a new window.
std::string window_name(const char* key, const char* id) {
  return std::string(tr(key)) + "###" + id;
}

}  // namespace

Shell::Shell() : views_(make_views()) {}

void Shell::draw(Session& session, GuiState& gui, ShellState& shell) {
  handle_shortcuts(session, gui, shell);
  set_ui_lang(session.lang);
  if (!gui.presenter && !gui.diagram_only) menu_bar(session, gui, shell);
  // --menu: what View -> Predict mode or Help -> Keyboard shortcuts does when clicked.
  const std::string menu = std::exchange(gui.menu_request, {});
  if (menu == "predict") toggle_predict_mode(gui);
  if (menu == "shortcuts") shell.show_shortcuts = true;
  if (menu == "close-branch") session.clear_branch();  // the diagram toolbar's Close
  if (menu == "window-plot" || menu == "plots") gui.window_plot = !gui.window_plot;
  if (menu == "tseq" || menu == "plots") gui.tseq_window = !gui.tseq_window;
  if (menu == "export") gui.open_export = true;  // the diagram toolbar's Export
  panels(session, gui, shell);
  if (gui.tseq_window && gui.mode == Mode::scenarios && session.is_open() && !gui.diagram_only) {
    draw_tseq_window(session, gui);
  }
  draw_open_file(session, gui, shell);
  draw_capture_load(session, gui, shell);
  draw_load_error(session, shell);
  help_windows(shell);
}

void Shell::menu_bar(Session& session, GuiState& gui, ShellState& shell) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (shell.left_collapsed && gui.mode == Mode::scenarios) {
    // The list does not fit beside the diagram: a button on the bar shows it over it.
    const bool capture = gui.capture && gui.capture->list();
    if (ImGui::MenuItem(tr(capture ? "capture.list_button" : "panels.list_button"), nullptr,
                        shell.left_open)) {
      shell.left_open = !shell.left_open;
    }
  }
  if (ImGui::BeginMenu(tr("menu.file"))) {
    file_menu(session, gui, shell);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.view"))) {
    ImGui::MenuItem(tr("menu.presenter"), "F5", &gui.presenter);
    if (ImGui::MenuItem(tr("predict_mode.menu"), "F4", gui.predict_mode)) toggle_predict_mode(gui);
    if (ImGui::MenuItem(tr("menu.high_contrast"), "F6", gui.high_contrast)) {
      set_theme(gui, shell, gui.high_contrast ? Theme::dark : Theme::high_contrast);
    }
    if (ImGui::BeginMenu(tr("menu.theme"))) {
      for (auto [theme, key] :
           {std::pair{Theme::dark, "menu.theme_dark"}, std::pair{Theme::light, "menu.theme_light"},
            std::pair{Theme::high_contrast, "menu.high_contrast"}}) {
        if (ImGui::MenuItem(tr(key), nullptr, shell.theme == theme)) set_theme(gui, shell, theme);
      }
      ImGui::EndMenu();
    }
    ImGui::Separator();
    if (ImGui::MenuItem(tr("menu.font_larger"), "+")) scale_font(gui, 1.1f);
    if (ImGui::MenuItem(tr("menu.font_smaller"), "-")) scale_font(gui, 1.0f / 1.1f);
    if (ImGui::MenuItem(tr("menu.font_reset"), "Ctrl+0")) gui.font_scale = 1.0f;
    if (ImGui::MenuItem(tr("diagram.fit_menu"), "F")) gui.fit_request = true;
    ImGui::MenuItem(tr("plot.menu_window"), "W", &gui.window_plot);
    ImGui::MenuItem(tr("plot.menu_tseq"), "T", &gui.tseq_window);
    ImGui::Separator();
    ImGui::MenuItem(tr("panels.list"), "Ctrl+L", &shell.left_open);
    if (ImGui::MenuItem(tr("panels.reset_widths"))) shell.left_w = shell.right_w = 0;
    ImGui::Separator();
    ImGui::MenuItem(tr("menu.imgui_metrics"), nullptr, &shell.show_metrics);
    ImGui::MenuItem(tr("menu.imgui_demo"), nullptr, &shell.show_demo);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.quiz"))) {
    if (ImGui::MenuItem(tr("menu.scenarios"), "Esc", gui.mode == Mode::scenarios))
      gui.mode = Mode::scenarios;
    if (ImGui::MenuItem(tr("menu.quiz_mode"), "F7", gui.mode == Mode::quiz)) gui.mode = Mode::quiz;
    if (ImGui::MenuItem(tr("menu.interview"), "F9", gui.mode == Mode::interview))
      gui.mode = Mode::interview;
    if (ImGui::MenuItem(tr("menu.stats"), "F8", gui.mode == Mode::stats)) gui.mode = Mode::stats;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.language"))) {
    if (ImGui::MenuItem(tr("lang.english"), session.lang == Lang::zh ? "F2" : nullptr,
                        session.lang == Lang::en)) {
      session.lang = Lang::en;
    }
    if (ImGui::MenuItem(tr("lang.chinese"), session.lang == Lang::en ? "F2" : nullptr,
                        session.lang == Lang::zh)) {
      session.lang = Lang::zh;
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.help"))) {
    ImGui::MenuItem(tr("menu.shortcuts"), nullptr, &shell.show_shortcuts);
    ImGui::MenuItem(tr("menu.about"), nullptr, &shell.show_about);
    ImGui::EndMenu();
  }
  if (session.is_open() && gui.mode == Mode::scenarios) {
    // The open scenario, right-aligned, so a screenshot always says what it shows.
    const std::string id = session.scenario().spec.id;
    const float w = ImGui::CalcTextSize(id.c_str()).x + ImGui::GetStyle().ItemSpacing.x * 2;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowWidth() - w));
    ImGui::TextDisabled("%s", id.c_str());
  }
  ImGui::EndMainMenuBar();
}

void Shell::file_menu(Session& session, GuiState& gui, ShellState& shell) {
  if (ImGui::MenuItem(tr("open_file.menu"), "Ctrl+O")) {
    shell.chooser_kinds = FileKinds::both;
    shell.open_chooser = true;
  }
  if (ImGui::MenuItem(tr("capture.menu"), "Ctrl+Shift+O")) {
    shell.chooser_kinds = FileKinds::captures;
    shell.open_chooser = true;
  }
  if (ImGui::BeginMenu(tr("open_file.recent"), !shell.recent_files.empty())) {
    // A copy: opening one reorders the list.
    const std::vector<std::string> recent = shell.recent_files;
    for (const std::string& path : recent) {
      if (ImGui::MenuItem(path.c_str())) open_file(path, session, gui, shell);
    }
    ImGui::EndMenu();
  }
  ImGui::Separator();
  if (ImGui::MenuItem(tr("menu.quit"), "Ctrl+Q")) shell.quit = true;
}

void Shell::panels(Session& session, GuiState& gui, ShellState& shell) {
  std::vector<View*> slot[7];
  const bool whole_only = gui.mode != Mode::scenarios && !gui.diagram_only;
  for (auto& p : views_) {
    if (gui.diagram_only && p.slot != Slot::centre) continue;
    if (whole_only != (p.slot == Slot::whole)) continue;
    if (p.view->visible(gui)) slot[static_cast<int>(p.slot)].push_back(p.view.get());
  }
  auto& left = slot[static_cast<int>(Slot::left)];
  auto& centre = slot[static_cast<int>(Slot::centre)];
  auto& side = slot[static_cast<int>(Slot::side)];
  auto& tabs = slot[static_cast<int>(Slot::side_tabs)];
  auto& bottom = slot[static_cast<int>(Slot::bottom)];
  auto& whole = slot[static_cast<int>(Slot::whole)];
  auto& caption = slot[static_cast<int>(Slot::caption)];

  const ImGuiViewport* vp = ImGui::GetMainViewport();  // WorkPos/Size exclude the menu bar
  const ImVec2 origin = vp->WorkPos;
  const ImGuiStyle& style = ImGui::GetStyle();
  PanelInput in;
  in.width = vp->WorkSize.x;
  in.height = vp->WorkSize.y;
  in.font_px = ImGui::GetFontSize();
  in.frame_h = ImGui::GetFrameHeight();
  in.window_pad = style.WindowPadding.x;
  in.item_spacing_y = style.ItemSpacing.y;
  in.presenter = gui.presenter;
  in.diagram_only = gui.diagram_only;
  in.left_w = shell.left_w;
  in.right_w = shell.right_w;
  in.left_open = shell.left_open;
  in.left_first = shell.dragging_left;
  // Predict mode's question and feedback need more room than the narration alone.
  if (gui.predict_mode) in.side_share = 0.62f;
  if (!caption.empty()) {
    // As tall as the paragraph needs (the model caps it); the diagram keeps the rest.
    in.caption_lines = caption_band_height(session, gui, in.width, in.height) / in.font_px;
  }
  PanelLayout layout = layout_panels(in);
  if (layout.left_collapsed != shell.left_collapsed && !gui.presenter && !gui.diagram_only) {
    // The window crossed the width where the list fits: tiled above it, closed below it.
    shell.left_collapsed = layout.left_collapsed;
    in.left_open = shell.left_open = !layout.left_collapsed;
    layout = layout_panels(in);
  }
  if (std::exchange(shell.reveal_list, false) && !gui.presenter && !gui.diagram_only &&
      !shell.left_open) {
    in.left_open = shell.left_open = true;
    layout = layout_panels(in);
  }

  auto place = [&](const PanelRect& r) {
    ImGui::SetNextWindowPos(ImVec2(origin.x + r.x, origin.y + r.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h), ImGuiCond_Always);
  };
  // Views in one area: the first titles the window, the others follow it in the same window.
  auto stack = [&](const std::vector<View*>& views, const PanelRect& r, const char* id,
                   ImGuiWindowFlags flags) {
    if (views.empty() || !r.shown()) return;
    place(r);
    if (ImGui::Begin(window_name(views.front()->title_key(), id).c_str(), nullptr, flags)) {
      for (std::size_t i = 0; i < views.size(); ++i) {
        if (i > 0) {
          ImGui::Separator();
          ImGui::TextDisabled("%s", tr(views[i]->title_key()));
        }
        ImGui::PushID(static_cast<int>(i));
        views[i]->draw(session, gui);
        ImGui::PopID();
      }
    }
    ImGui::End();
  };

  if (whole_only) {
    stack(whole, layout.whole, "whole", kPanel);
    return;
  }
  // Diagram only (--export-png): no padding either, so the canvas is the whole window.
  if (gui.diagram_only) ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  stack(centre, layout.centre, "centre",
        kPanel | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
            ImGuiWindowFlags_NoScrollWithMouse);
  if (gui.diagram_only) ImGui::PopStyleVar();
  stack(bottom, layout.bottom, "bottom",
        kPanel | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  stack(caption, layout.caption, "caption",
        kPanel | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);

  // Stacked under the diagram the band is short: the narration gives up its title bar.
  stack(side, layout.side, "side", kPanel | (layout.stacked ? ImGuiWindowFlags_NoTitleBar : 0));
  if (!tabs.empty() && layout.tabs.shown()) {
    place(layout.tabs);
    if (ImGui::Begin("###side_tabs", nullptr, kPanel | ImGuiWindowFlags_NoTitleBar) &&
        ImGui::BeginTabBar("##tabs")) {
      for (View* v : tabs) {
        const bool open = gui.open_tab && std::string_view(gui.open_tab) == v->title_key();
        if (ImGui::BeginTabItem(window_name(v->title_key(), v->title_key()).c_str(), nullptr,
                                open ? ImGuiTabItemFlags_SetSelected : 0)) {
          v->draw(session, gui);
          ImGui::EndTabItem();
        }
      }
      ImGui::EndTabBar();
    }
    ImGui::End();
  }
  if (!layout.left_overlay) {
    stack(left, layout.left, "left", kPanel);
    splitters(layout, shell);
    return;
  }
  // The list over the diagram, with a background; it closes once a scenario is picked, on
  // a click beside it, or with Ctrl+L / Esc. Created after the panels, which never come to
  // the front, it stays above them.
  const std::string before = session.is_open() ? session.scenario().spec.id : "";
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool click_beside = ImGui::IsMouseClicked(ImGuiMouseButton_Left) &&
                            !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup) &&
                            mouse.y >= origin.y && mouse.x > origin.x + layout.left.right();
  stack(left, layout.left, "left_overlay",
        kPanel & ~(ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoBringToFrontOnFocus));
  const bool picked = session.is_open() && session.scenario().spec.id != before;
  if (picked || click_beside) shell.left_open = false;
}

// Invisible handles on the list's right edge and the right column's left edge: dragging
// them sets the widths the panel model clamps. On release both widths are kept as laid out
// (one may have given way to the other), so the panels stay where the user left them.
void Shell::splitters(const PanelLayout& layout, ShellState& shell) {
  const ImVec2 origin = ImGui::GetMainViewport()->WorkPos;
  const float grip = std::max(6.0f, std::round(ImGui::GetFontSize() * 0.35f));
  enum class Drag { none, dragging, released };
  auto handle = [&](const char* id, float x, const PanelRect& panel, float& width, float sign) {
    // Mostly over the diagram's padding, so the panel's scrollbar stays clickable.
    ImGui::SetNextWindowPos(ImVec2(origin.x + x - grip / 2 + sign * grip / 3, origin.y));
    ImGui::SetNextWindowSize(ImVec2(grip, panel.h));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::InvisibleButton("##grip", ImVec2(grip, panel.h));
    const bool active = ImGui::IsItemActive();
    const bool released = ImGui::IsItemDeactivated();
    if (active || ImGui::IsItemHovered()) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
      ImGui::GetForegroundDrawList()->AddLine(
          ImVec2(origin.x + x, origin.y), ImVec2(origin.x + x, origin.y + panel.h),
          ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive : ImGuiCol_SeparatorHovered), 2);
    }
    if (active) {
      const float mouse = ImGui::GetIO().MousePos.x - origin.x;
      width = sign > 0 ? mouse - panel.x : panel.right() - mouse;
    }
    ImGui::End();
    ImGui::PopStyleVar();
    return active ? Drag::dragging : released ? Drag::released : Drag::none;
  };
  const bool list_tiled = layout.left.shown() && !layout.left_overlay;
  Drag drag = Drag::none;
  if (list_tiled) {
    drag = handle("##split_left", layout.left.right(), layout.left, shell.left_w, 1);
    shell.dragging_left = drag == Drag::dragging;
  }
  if (!layout.stacked && layout.side.shown()) {
    PanelRect column = layout.side;
    column.h = layout.tabs.bottom() - layout.side.y;
    if (drag == Drag::none)
      drag = handle("##split_right", layout.side.x, column, shell.right_w, -1);
  }
  if (drag == Drag::released) {
    // What the model allowed, not where the mouse went.
    if (list_tiled) shell.left_w = layout.left.w;
    shell.right_w = layout.side.w;
  }
}

void Shell::help_windows(ShellState& shell) {
  const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
  if (shell.show_shortcuts) {
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(window_name("menu.shortcuts", "shortcuts").c_str(), &shell.show_shortcuts,
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse)) {
      if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg)) {
        for (auto [keys, what] : {std::pair{"Space", "keys.play"},
                                  {"→ / PageDown", "keys_presenter.next_beat"},
                                  {"← / PageUp", "keys_presenter.previous_beat"},
                                  {"Shift+→ / Shift+←", "keys_presenter.fine_step"},
                                  {"Home / End", "keys.start_end"},
                                  {"F2", "keys.language"},
                                  {"F4", "keys_presenter.predict"},
                                  {"F", "keys.fit"},
                                  {"W", "plot.keys_window"},
                                  {"T", "plot.keys_tseq"},
                                  {"F5 / Esc", "keys.presenter"},
                                  {"P", "keys_presenter.ask"},
                                  {"L", "keys_presenter.caption_lang"},
                                  {"F6", "keys.high_contrast"},
                                  {"F7 / F8 / Esc", "keys.quiz"},
                                  {"F9", "keys.interview"},
                                  {"Ctrl+F, \u2193 / \u2191, Enter", "keys.search"},
                                  {"+ / - / Ctrl+0", "keys.font"},
                                  {"Ctrl+O", "open_file.keys_open"},
                                  {"Ctrl+Shift+O", "capture.keys_open"},
                                  {"Ctrl+\u2193 / Ctrl+\u2191", "capture.keys_pick"},
                                  {"Ctrl+L", "panels.keys_list"},
                                  {"Ctrl+Q", "keys.quit"}}) {
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(keys);
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(tr(what));
        }
        ImGui::EndTable();
      }
    }
    ImGui::End();
  }
  if (shell.show_about) {
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(window_name("menu.about", "about").c_str(), &shell.show_about,
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse)) {
      ImGui::TextUnformatted("synack 0.1.0");
      ImGui::TextUnformatted(tr("about.text"));
      ImGui::TextDisabled("Dear ImGui %s", IMGUI_VERSION);
    }
    ImGui::End();
  }
  if (shell.show_metrics) ImGui::ShowMetricsWindow(&shell.show_metrics);
  if (shell.show_demo) ImGui::ShowDemoWindow(&shell.show_demo);
}

}  // namespace synack::gui
