// File -> Open's chooser and the load error, both modal windows over the scenario that
// stays open. The chooser draws what FileChooser says and works from the keyboard alone:
// type a path (Tab completes), Up/Down pick an entry, Enter opens, Backspace on an empty
// path goes up, Esc cancels.

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>

#include "app/base/wrap_lines.hpp"
#include "app/front/capture_desk.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/shell.hpp"

namespace synack::gui {
namespace {

constexpr const char* kChooserId = "###open_file";
constexpr const char* kErrorId = "###load_error";
const ImVec4 kErrorColour(1, 0.4f, 0.4f, 1);

// The typed path (kept across frames) and whether the input should take the keyboard.
struct ChooserInput {
  std::string typed;
  bool focus = true;
};
ChooserInput g_input;

int on_input_key(ImGuiInputTextCallbackData* data) {
  auto* chooser = static_cast<FileChooser*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackCompletion) {
    const std::string done = chooser->complete(std::string(data->Buf, data->BufTextLen));
    data->DeleteChars(0, data->BufTextLen);
    data->InsertChars(0, done.c_str());
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackHistory) {
    chooser->move_selection(data->EventKey == ImGuiKey_UpArrow ? -1 : 1);
  }
  return 0;
}

// Modal windows drawn opaque: the diagram's labels showing through would read as part of
// the list or the message.
struct OpaquePopup {
  OpaquePopup() {
    ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_PopupBg);
    bg.w = 1;
    ImGui::PushStyleColor(ImGuiCol_PopupBg, bg);
  }
  ~OpaquePopup() { ImGui::PopStyleColor(); }
  OpaquePopup(const OpaquePopup&) = delete;
  OpaquePopup& operator=(const OpaquePopup&) = delete;
};

void close_chooser(ShellState& shell) {
  shell.chooser.reset();
  g_input = {};
  ImGui::CloseCurrentPopup();
}

// A modal closed from outside its own window (a file dropped, or opened, while it was shown)
// is closed in ImGui too: an open modal left unsubmitted would still block every click.
void close_if_open(const char* id) {
  if (ImGui::IsPopupOpen(id) && ImGui::BeginPopupModal(id)) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

std::string dir_of(const std::string& file) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(file).parent_path();
  return !dir.empty() && std::filesystem::is_directory(dir, ec) ? dir.string() : std::string();
}

}  // namespace

bool open_scenario_file(const std::string& path, Session& session, GuiState& gui,
                        ShellState& shell) {
  try {
    session.open(path);
  } catch (const std::exception& e) {
    shell.load_error = e.what();
    shell.chooser_dir = dir_of(path);
    shell.chooser.reset();
    return false;
  }
  shell.load_error.clear();
  shell.chooser.reset();
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(path, ec);
  shell.recent_files = add_recent(shell.recent_files, ec ? path : abs.lexically_normal().string());
  gui.mode = Mode::scenarios;
  gui.scroll_y = 0;
  gui.want_redraw = true;
  return true;
}

bool open_file(const std::string& path, Session& session, GuiState& gui, ShellState& shell) {
  if (file_kind(path) != FileKind::capture || !gui.capture) {
    return open_scenario_file(path, session, gui, shell);
  }
  // Read on the capture desk's thread; its box shows the progress, then the list or why not.
  gui.capture->open(path);
  shell.load_error.clear();
  shell.chooser.reset();
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(path, ec);
  shell.recent_files = add_recent(shell.recent_files, ec ? path : abs.lexically_normal().string());
  gui.want_redraw = true;
  return true;
}

void draw_open_file(Session& session, GuiState& gui, ShellState& shell) {
  if (shell.open_chooser) {
    shell.open_chooser = false;
    std::string dir = shell.chooser_dir;
    if (dir.empty() && shell.chooser) dir = shell.chooser->dir().string();
    if (dir.empty() && !shell.recent_files.empty()) dir = dir_of(shell.recent_files.front());
    std::error_code ec;
    shell.chooser = std::make_unique<FileChooser>(
        dir.empty() ? std::filesystem::current_path(ec) : std::filesystem::path(dir),
        shell.chooser_kinds);
    g_input = {};
    ImGui::OpenPopup(kChooserId);
  }
  if (!shell.chooser) {
    close_if_open(kChooserId);
    return;
  }

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(
      ImVec2(std::min(vp->WorkSize.x * 0.92f, em * 46), std::min(vp->WorkSize.y * 0.9f, em * 30)),
      ImGuiCond_Always);
  const FileKinds kinds = shell.chooser->kinds();
  const std::string title = std::string(tr(kinds == FileKinds::captures ? "capture.chooser_title"
                                           : kinds == FileKinds::both   ? "open_file.title_any"
                                                                        : "open_file.title")) +
                            kChooserId;
  bool keep = true;
  const OpaquePopup opaque;
  if (!ImGui::BeginPopupModal(title.c_str(), &keep, ImGuiWindowFlags_NoResize)) {
    shell.chooser.reset();  // closed by its title bar's x
    return;
  }
  FileChooser& chooser = *shell.chooser;
  std::optional<std::filesystem::path> to_open;

  if (ImGui::Button(tr("open_file.up"))) chooser.up();
  ImGui::SameLine();
  ImGui::TextDisabled("%s", chooser.dir().string().c_str());

  // The typed path: Tab completes, Up/Down move the selection, Enter opens.
  if (g_input.focus) {
    ImGui::SetKeyboardFocusHere();
    g_input.focus = false;
  }
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputTextWithHint("##path", tr("open_file.path_hint"), &g_input.typed,
                                              ImGuiInputTextFlags_EnterReturnsTrue |
                                                  ImGuiInputTextFlags_CallbackCompletion |
                                                  ImGuiInputTextFlags_CallbackHistory,
                                              on_input_key, &chooser);
  const bool typing = ImGui::IsItemActive();
  if (enter) {
    to_open = chooser.activate(g_input.typed);
    if (!to_open && chooser.error().empty()) g_input.typed.clear();  // entered a directory
    g_input.focus = true;
  } else if (typing && g_input.typed.empty() &&
             ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) {
    chooser.up();
  }

  // The directory's entries; a double click opens, as Enter does.
  const float below = ImGui::GetFrameHeightWithSpacing() * (shell.recent_files.empty() ? 2 : 5);
  ImGui::BeginChild("##entries", ImVec2(0, -below), true);
  const auto& entries = chooser.entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const FileEntry& e = entries[i];
    const bool selected = chooser.selected() == i;
    const std::string label = e.is_dir ? e.name + "/" : e.name;
    if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick)) {
      chooser.select(i);
      g_input.focus = true;
      if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) to_open = chooser.activate("");
    }
    if (selected && typing) ImGui::SetScrollHereY();
  }
  if (entries.empty() && chooser.error().empty()) {
    ImGui::TextDisabled("%s", tr(chooser.kinds() == FileKinds::scenarios ? "open_file.empty"
                                                                         : "open_file.empty_any"));
  }
  ImGui::EndChild();

  if (!chooser.error().empty()) {
    ImGui::TextColored(kErrorColour, "%s", chooser.error().c_str());
  } else if (!shell.recent_files.empty()) {
    ImGui::TextDisabled("%s", tr("open_file.recent"));
  }
  if (!shell.recent_files.empty()) {
    ImGui::BeginChild("##recent", ImVec2(0, ImGui::GetFrameHeightWithSpacing() * 3 -
                                                ImGui::GetStyle().ItemSpacing.y));
    for (const std::string& path : shell.recent_files) {
      if (ImGui::Selectable(path.c_str())) to_open = path;
    }
    ImGui::EndChild();
  }

  if (ImGui::Button(tr("open_file.open"))) to_open = chooser.activate(g_input.typed);
  ImGui::SameLine();
  const bool cancel = ImGui::Button(tr("open_file.cancel")) ||
                      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr("open_file.keys"));

  if (to_open) {
    const bool opened = open_file(to_open->string(), session, gui, shell);
    if (!opened) ImGui::CloseCurrentPopup();  // the error takes its place
    if (opened) close_chooser(shell);
  } else if (cancel) {
    close_chooser(shell);
  }
  ImGui::EndPopup();
}

void draw_load_error(Session& session, ShellState& shell) {
  if (shell.load_error.empty()) {
    close_if_open(kErrorId);
    return;
  }
  if (!ImGui::IsPopupOpen(kErrorId)) ImGui::OpenPopup(kErrorId);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  const float width = std::min(vp->WorkSize.x * 0.92f, em * 44);
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  const std::string title = std::string(tr("open_file.error_title")) + kErrorId;
  bool keep = true;
  const OpaquePopup opaque;
  if (!ImGui::BeginPopupModal(title.c_str(), &keep, ImGuiWindowFlags_AlwaysAutoResize)) {
    shell.load_error.clear();  // closed by its title bar's x
    return;
  }
  // Read-only text, so it can be selected and copied into an editor's "go to line" or a
  // bug report: FILE:LINE: FIELD: message, broken into lines at the box's width.
  const ImGuiStyle& style = ImGui::GetStyle();
  ImFont* font = ImGui::GetFont();
  const float scale = em / font->FontSize;
  std::string shown;
  for (std::string_view line : wrap_lines(
           shell.load_error,
           width - style.WindowPadding.x * 2 - style.FramePadding.x * 2 - style.ScrollbarSize,
           [&](char32_t c) {
             return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : U'?')) * scale;
           })) {
    shown.append(shown.empty() ? "" : "\n").append(line);
  }
  const auto lines = static_cast<float>(std::count(shown.begin(), shown.end(), '\n') + 1);
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
  ImGui::InputTextMultiline(
      "##message", &shown,
      ImVec2(-1, std::min(lines, 12.0f) * ImGui::GetTextLineHeight() + style.FramePadding.y * 2),
      ImGuiInputTextFlags_ReadOnly);
  ImGui::PopStyleColor();
  if (session.is_open()) {
    ImGui::TextDisabled("%s %s", tr("open_file.still_open"),
                        session.scenario().title.in(session.lang).c_str());
  }
  const bool another = ImGui::Button(tr("open_file.another"));
  ImGui::SameLine();
  if (ImGui::Button(tr("open_file.copy"))) ImGui::SetClipboardText(shell.load_error.c_str());
  ImGui::SameLine();
  const bool close = ImGui::Button(tr("open_file.close")) ||
                     ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  if (another || close) {
    shell.load_error.clear();
    shell.open_chooser = another;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace synack::gui
