#include "app/gui/shell.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

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

struct Rect {
  ImVec2 pos;
  ImVec2 size;
};

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
  panels(session, gui);
  help_windows(shell);
}

void Shell::menu_bar(Session& session, GuiState& gui, ShellState& shell) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu(tr("menu.file"))) {
    if (ImGui::MenuItem(tr("menu.quit"), "Ctrl+Q")) shell.quit = true;
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
    ImGui::Separator();
    ImGui::MenuItem(tr("menu.imgui_metrics"), nullptr, &shell.show_metrics);
    ImGui::MenuItem(tr("menu.imgui_demo"), nullptr, &shell.show_demo);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.quiz"))) {
    if (ImGui::MenuItem(tr("menu.scenarios"), "Esc", gui.mode == Mode::scenarios))
      gui.mode = Mode::scenarios;
    if (ImGui::MenuItem(tr("menu.quiz_mode"), "F7", gui.mode == Mode::quiz)) gui.mode = Mode::quiz;
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

void Shell::panels(Session& session, GuiState& gui) {
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
  const float W = vp->WorkSize.x;
  const float H = vp->WorkSize.y;
  const float fs = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();

  const float left_w = left.empty() ? 0 : std::clamp(fs * 18, 180.0f, W * 0.22f);
  const float right_w = side.empty() && tabs.empty() ? 0 : std::clamp(fs * 24, 260.0f, W * 0.30f);
  const float bottom_h = bottom.empty() ? 0
                                        : ImGui::GetFrameHeight() * (gui.presenter ? 1.5f : 1.0f) +
                                              style.WindowPadding.y * 2;

  auto place = [](const Rect& r) {
    ImGui::SetNextWindowPos(r.pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(r.size, ImGuiCond_Always);
  };
  // Views in one area: the first titles the window, the others follow it in the same window.
  auto stack = [&](const std::vector<View*>& views, const Rect& r, const char* id,
                   ImGuiWindowFlags extra) {
    if (views.empty()) return;
    place(r);
    if (ImGui::Begin(window_name(views.front()->title_key(), id).c_str(), nullptr,
                     kPanel | extra)) {
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
    stack(whole, {origin, {W, H}}, "whole", 0);
    return;
  }
  stack(left, {origin, {left_w, H}}, "left", 0);
  // Presenter caption: a band above the playback bar, as tall as its text needs (the
  // diagram keeps the rest). Until the panel layout model places it.
  const float centre_w = W - left_w - right_w;
  const float caption_h =
      caption.empty() ? 0 : std::round(caption_band_height(session, gui, centre_w, H));
  stack(caption, {{origin.x + left_w, origin.y + H - bottom_h - caption_h}, {centre_w, caption_h}},
        "caption", ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  // Diagram only (--export-png): no padding either, so the canvas is the whole window.
  if (gui.diagram_only) ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  stack(centre, {{origin.x + left_w, origin.y}, {centre_w, H - bottom_h - caption_h}}, "centre",
        ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
            ImGuiWindowFlags_NoScrollWithMouse);
  if (gui.diagram_only) ImGui::PopStyleVar();
  stack(bottom, {{origin.x + left_w, origin.y + H - bottom_h}, {W - left_w - right_w, bottom_h}},
        "bottom", ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);

  const float right_x = origin.x + W - right_w;
  // Predict mode's question and feedback need more room than the narration alone.
  const float side_share = gui.predict_mode ? 0.62f : 0.42f;
  const float side_h = tabs.empty() ? H : side.empty() ? 0 : std::round(H * side_share);
  stack(side, {{right_x, origin.y}, {right_w, side_h}}, "side", 0);
  if (!tabs.empty()) {
    place({{right_x, origin.y + side_h}, {right_w, H - side_h}});
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
                                  {"F5 / Esc", "keys.presenter"},
                                  {"P", "keys_presenter.ask"},
                                  {"L", "keys_presenter.caption_lang"},
                                  {"F6", "keys.high_contrast"},
                                  {"F7 / F8 / Esc", "keys.quiz"},
                                  {"+ / - / Ctrl+0", "keys.font"},
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
