// The presenter's caption: the narration paragraph for the playback position, large and
// centred in a band above the step bar, in the UI language or the one L chose (both:
// Chinese, then English). While the room is asked "what is sent next?" (P) it shows the
// question instead. Text is never cut: the band grows to 40 % of the window, then the text
// shrinks until it fits. With the window plot on (W) the band shows the plot instead, at its
// full 40 %: under a caption as well it would leave the diagram two rows on a projector.

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/base/wrap_lines.hpp"
#include "app/draw/panel_layout.hpp"
#include "app/front/session_plots.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/plot_paint.hpp"
#include "app/gui/views.hpp"
#include "app/run/caption.hpp"
#include "app/run/predict.hpp"

namespace synack::gui {
namespace {

constexpr float kMinLines = 3.2f;   // the band is at least this many caption lines tall
constexpr float kMaxEms = 46.0f;    // lines no longer than this many font sizes, to be read
constexpr float kMinScale = 0.5f;   // text shrinks no further (a paragraph that long is a bug)
constexpr float kScaleStep = 0.9f;  // each try at fitting shrinks it by this

// What the caption says now: one paragraph per caption language.
std::vector<std::string> caption_texts(const Session& session, const GuiState& gui) {
  std::vector<std::string> out;
  const auto langs = caption_langs(gui.caption_lang.value_or(caption_lang_of(session.lang)));
  const Trace& trace = session.run().trace;
  if (gui.room_question && *gui.room_question < trace.events.size()) {
    const std::string host = trace.host_name(trace.events[*gui.room_question].host);
    for (Lang lang : langs) {
      out.push_back(fmt::format(fmt::runtime(tr("caption.ask", lang)), fmt::arg("host", host)));
    }
    return out;
  }
  const LocalizedText& text = caption_paragraph(session.scenario(), session.run().narration_anchors,
                                                session.playback().visible_events());
  for (Lang lang : langs) out.push_back(text.in(lang));
  return out;
}

// The caption's lines at a text scale, and how tall they are.
struct Wrapped {
  std::vector<std::vector<std::string>> paragraphs;  // lines of each paragraph
  float scale = 1;
  float height = 0;  // of the text, without the window's padding
};

Wrapped wrap_at(const std::vector<std::string>& texts, float width, float scale) {
  ImFont* font = ImGui::GetFont();
  const float px = ImGui::GetFontSize() * scale / font->FontSize;
  auto advance = [&](char32_t c) {
    return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : U'?')) * px;
  };
  Wrapped w;
  w.scale = scale;
  const float line = ImGui::GetTextLineHeightWithSpacing() * scale;
  for (const std::string& text : texts) {
    std::vector<std::string> lines;
    for (std::string_view l : wrap_lines(text, width, advance)) lines.emplace_back(l);
    w.height += line * static_cast<float>(lines.size());
    w.paragraphs.push_back(std::move(lines));
  }
  if (w.paragraphs.size() > 1) w.height += line * 0.4f * static_cast<float>(texts.size() - 1);
  return w;
}

float text_width(float band_width) {
  const float padding = ImGui::GetStyle().WindowPadding.x * 2;
  return std::min(band_width - padding, ImGui::GetFontSize() * kMaxEms);
}

// The largest scale at which the text fits `max_height` (or the smallest allowed).
Wrapped fit(const std::vector<std::string>& texts, float band_width, float max_height) {
  Wrapped w = wrap_at(texts, text_width(band_width), 1.0f);
  while (w.height > max_height && w.scale * kScaleStep >= kMinScale) {
    w = wrap_at(texts, text_width(band_width), w.scale * kScaleStep);
  }
  return w;
}

float padding_y() {
  return ImGui::GetStyle().WindowPadding.y * 2;
}

class CaptionView : public View {
 public:
  const char* title_key() const override { return "caption.title"; }
  bool visible(const GuiState& gui) const override { return gui.presenter; }

  void draw(Session& session, GuiState& gui) override {
    if (!session.is_open()) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pos = ImGui::GetWindowPos();
    const ImVec2 size = ImGui::GetWindowSize();
    // A rule between the diagram and the caption; the band itself is the window's clear
    // colour, so the text has the theme's full text contrast.
    dl->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), false);  // not the padding
    dl->AddLine(ImVec2(pos.x, pos.y + 1), ImVec2(pos.x + size.x, pos.y + 1),
                ImGui::GetColorU32(ImGuiCol_Separator), 2.0f);

    if (gui.window_plot && !gui.room_question) {
      const float px = plot_font_px(gui);
      const ImVec2 pad = ImGui::GetStyle().WindowPadding;
      paint_plot(dl, gui.plots->window(session, ui_strings()), ImVec2(pos.x + pad.x, pos.y + pad.y),
                 ImVec2(pos.x + size.x - pad.x, pos.y + size.y - pad.y), px, plot_colours(gui, px),
                 cursor_ms(session), /*titled=*/false);
      dl->PopClipRect();
      return;
    }
    const Wrapped w = fit(caption_texts(session, gui), size.x, size.y - padding_y());
    ImGui::SetWindowFontScale(w.scale);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    float y = std::max(ImGui::GetStyle().WindowPadding.y, (size.y - w.height) / 2);
    const ImU32 ink =
        ImGui::GetColorU32(gui.room_question ? ImGuiCol_PlotHistogram : ImGuiCol_Text);
    for (const auto& lines : w.paragraphs) {
      for (const std::string& l : lines) {
        const float tw = ImGui::CalcTextSize(l.c_str()).x;
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                    ImVec2(pos.x + std::max(0.0f, (size.x - tw) / 2), pos.y + y), ink, l.c_str());
        y += line;
      }
      y += line * 0.4f;
    }
    ImGui::SetWindowFontScale(1.0f);
    dl->PopClipRect();
  }
};

}  // namespace

float caption_band_height(const Session& session, const GuiState& gui, float band_width,
                          float window_height) {
  if (!session.is_open()) return 0;
  const float most = window_height * kCaptionMaxShare;
  if (gui.window_plot) return most;  // the plot in the caption's place, the room's question too
  const float least = ImGui::GetTextLineHeightWithSpacing() * kMinLines + padding_y();
  const Wrapped w = fit(caption_texts(session, gui), band_width, most - padding_y());
  return std::clamp(w.height + padding_y(), std::min(least, most), most);
}

bool room_question_stands(const Session& session, const GuiState& gui) {
  if (!gui.room_question || !session.is_open()) return false;
  const Trace& trace = session.run().trace;
  const std::size_t e = *gui.room_question;
  return e < trace.events.size() && trace.events[e].type == EventType::send &&
         e >= session.playback().visible_events();
}

void ask_the_room(Session& session, GuiState& gui) {
  if (!session.is_open()) return;
  session.playback().pause();
  gui.room_question =
      next_predictable_send(*session.run().index, session.playback().visible_events());
}

void reveal_to_the_room(Session& session, GuiState& gui) {
  if (gui.room_question && session.is_open()) {
    session.playback().reveal_beat_of(*gui.room_question);
  }
  gui.room_question.reset();
}

std::unique_ptr<View> make_caption_view() {
  return std::make_unique<CaptionView>();
}

}  // namespace synack::gui
