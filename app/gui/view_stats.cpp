// Quiz statistics: mastery per topic, answers per day (last 14 days), what falls due in the
// next 7 days, and the weakest topics, each a button that starts a quiz on it. The numbers
// come from compute_stats (as `synack quiz --stats`); this only draws them.

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/gui/i18n.hpp"
#include "app/gui/quiz_common.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

constexpr int kDays = 14;

// A bar with its number on it, so the value does not depend on reading the bar's length.
void bar(float fraction, const std::string& text, float width) {
  ImGui::ProgressBar(std::clamp(fraction, 0.0f, 1.0f), ImVec2(width, 0), text.c_str());
}

class StatsView : public View {
 public:
  const char* title_key() const override { return "stats.title"; }
  bool visible(const GuiState& gui) const override { return gui.mode == Mode::stats; }

  void draw(Session& session, GuiState& gui) override {
    mode_bar(gui);
    if (!gui.quiz) return;
    QuizDesk& desk = *gui.quiz;
    if (!desk.open()) {
      ImGui::TextUnformatted(tr("quiz.bank_error"));
      error_text(desk.error());
      return;
    }
    for (const Topic& t : desk.topics().topics) need_glyphs(t.title);
    const Lang lang = session.lang;
    const QuizStats& s = desk.stats();
    ImGui::Text("%s %d    %s %d", tr("stats.items"), s.total_items, tr("stats.reviews"),
                s.total_reviews);
    ImGui::Spacing();

    const float fs = ImGui::GetFontSize();
    if (!ImGui::BeginTable("##stats", 3, ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn("##mastery", ImGuiTableColumnFlags_WidthStretch, 5);
    ImGui::TableSetupColumn("##days", ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn("##due", ImGuiTableColumnFlags_WidthStretch, 2.8f);
    ImGui::TableNextRow();

    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr("stats.mastery"));
    ImGui::TextDisabled("%s", tr("stats.mastery_hint"));
    // Leaves the outer window's padding free, or the whole panel would scroll by a few pixels.
    ImGui::BeginChild("##topics", ImVec2(0, ImGui::GetContentRegionAvail().y -
                                                ImGui::GetStyle().WindowPadding.y));
    if (ImGui::BeginTable("##mastery_rows", 4, ImGuiTableFlags_RowBg)) {
      ImGui::TableSetupColumn("##bar", ImGuiTableColumnFlags_WidthFixed, fs * 6);
      ImGui::TableSetupColumn("##seen", ImGuiTableColumnFlags_WidthFixed, fs * 3.5f);
      ImGui::TableSetupColumn("##interview", ImGuiTableColumnFlags_WidthFixed, fs * 4);
      ImGui::TableSetupColumn("##topic", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
      for (const char* k : {"stats.col_quiz", "", "stats.col_interview", ""}) {
        ImGui::TableNextColumn();
        if (*k) ImGui::TextDisabled("%s", tr(k));
      }
      for (const TopicStat& t : s.topics) {
        if (t.items == 0) continue;  // nothing to practise there yet
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        bar(static_cast<float>(t.mastery), fmt::format("{:.0f}%", t.mastery * 100), -1);
        ImGui::TableNextColumn();
        ImGui::Text("%d/%d", t.mastered, t.items);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("stats.mastered_hint"));
        // The interview drill's mastery beside the quiz's, once the topic has been drilled.
        ImGui::TableNextColumn();
        if (t.interview_seen > 0) {
          bar(static_cast<float>(t.interview_mastery),
              fmt::format("{:.0f}%", t.interview_mastery * 100), -1);
        } else {
          ImGui::TextDisabled("\u2014");
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("stats.interview_hint"));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(topic_label(desk.topics(), t.id, lang).c_str());
      }
      ImGui::EndTable();
    }
    ImGui::EndChild();

    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr("stats.per_day"));
    int most = 1;
    for (const DayStat& d : s.days) most = std::max(most, d.reviews);
    const std::int64_t now = desk.now();
    for (int i = 0; i < kDays; ++i) {
      const std::string day = local_day(now - std::int64_t{i} * 86400);
      int reviews = 0, right = 0;
      for (const DayStat& d : s.days) {
        if (d.day == day) reviews = d.reviews, right = d.right;
      }
      ImGui::TextUnformatted(day.substr(5).c_str());  // "11-22": the year is this one
      ImGui::SameLine(fs * 3.5f);
      const std::string text = reviews ? fmt::format("{} ({} \u2713)", reviews, right) : "0";
      bar(static_cast<float>(reviews) / static_cast<float>(most), text, -1);
    }

    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr("stats.due"));
    const int due_most = std::max(1, *std::max_element(s.due_by_day.begin(), s.due_by_day.end()));
    for (std::size_t i = 0; i < s.due_by_day.size(); ++i) {
      ImGui::TextUnformatted(i == 0 ? std::string(tr("stats.today")).c_str()
                                    : fmt::format("+{}", i).c_str());
      ImGui::SameLine(fs * 3.5f);
      bar(static_cast<float>(s.due_by_day[i]) / static_cast<float>(due_most),
          std::to_string(s.due_by_day[i]), -1);
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(tr("stats.weakest"));
    ImGui::TextDisabled("%s", tr("stats.weakest_hint"));
    if (s.weakest.empty()) {
      ImGui::TextDisabled("%s", tr(s.total_reviews == 0 ? "stats.none_yet" : "stats.none_weak"));
    }
    for (const std::string& id : s.weakest) {
      // A click practises that topic at once.
      if (ImGui::Button(topic_label(desk.topics(), id, lang).c_str(), ImVec2(-1, 0))) {
        start_quiz(gui, {{id}, 10, false, true}, lang);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("stats.practise"));
    }
    ImGui::EndTable();
  }
};

}  // namespace

std::unique_ptr<View> make_stats_view() {
  return std::make_unique<StatsView>();
}

}  // namespace synack::gui
