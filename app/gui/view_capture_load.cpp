// A capture being read: a modal box with the file, the packets read and the share of the
// file, and Cancel (Esc). The read runs on CaptureDesk's worker thread, so the window keeps
// drawing; when it ends the list takes the browser's place, or the error is shown.

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "app/front/capture_desk.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/shell.hpp"

namespace synack::gui {
namespace {
constexpr const char* kLoadId = "###capture_load";
}  // namespace

void draw_capture_load(Session& session, GuiState& gui, ShellState& shell) {
  if (!gui.capture) return;
  CaptureDesk& desk = *gui.capture;
  const CaptureDesk::Polled polled = desk.poll(session);
  // Anything but idle changes the picture, now or next frame (a popup closes a frame late).
  if (polled != CaptureDesk::Polled::idle) gui.want_redraw = true;
  if (polled == CaptureDesk::Polled::opened) {
    shell.reveal_list = true;  // to pick another conversation
    gui.mode = Mode::scenarios;
    gui.scroll_y = 0;
    shell.load_error.clear();
  }
  if (polled == CaptureDesk::Polled::failed) shell.load_error = desk.error();
  const CaptureLoad* load = desk.loading();
  if (!load) {
    if (ImGui::IsPopupOpen(kLoadId) && ImGui::BeginPopupModal(kLoadId)) {
      ImGui::CloseCurrentPopup();
      ImGui::EndPopup();
    }
    return;
  }
  if (!ImGui::IsPopupOpen(kLoadId)) ImGui::OpenPopup(kLoadId);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.9f, em * 30), 0), ImGuiCond_Always);
  const std::string title = std::string(tr("capture.reading")) + kLoadId;
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoResize)) return;
  ImGui::TextUnformatted(std::filesystem::path(load->path()).filename().string().c_str());
  const ImportProgress p = load->progress();
  const auto share = load->fraction();
  // Once the file is read the analysis runs on, with no share of it to show.
  const bool read = share && *share >= 0.99;  // the last report comes within 4096 frames
  std::string overlay = fmt::format("{} {}", p.packets, tr("capture.packets_read"));
  if (load->cancel_requested()) {
    overlay = tr("capture.cancelling");
  } else if (read) {
    overlay += fmt::format(" \u00b7 {}", tr("capture.analysing"));
  } else if (share) {
    overlay += fmt::format(" \u00b7 {:.0f} %", *share * 100);
  }
  ImGui::ProgressBar(share ? static_cast<float>(*share) : 0.0f, ImVec2(-1, 0), overlay.c_str());
  if (!load->cancel_requested() &&
      (ImGui::Button(tr("open_file.cancel")) ||
       ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))) {
    desk.cancel();
  }
  ImGui::EndPopup();
}

}  // namespace synack::gui
