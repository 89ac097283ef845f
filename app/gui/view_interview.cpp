// The interview drill in the window (F9): a start screen (a topic or all, how many), the
// question with its countdown, an answer box (or nothing: said out loud), the model answer
// with the key points ticked where the answer made them (click or 1-9 to change), a
// "Watch" per point, the answers interviewers reject, a follow-up asked the same way, and a
// proposed grade to confirm. The model (InterviewDrill in QuizDesk) does the work.

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>

#include "app/gui/fonts.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/mini_diagram.hpp"
#include "app/gui/quiz_common.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

bool ctrl_enter() {
  return ImGui::GetIO().KeyCtrl && enter_pressed();
}
bool plain_enter() {
  return !ImGui::GetIO().WantTextInput && enter_pressed();
}

class InterviewView : public View {
 public:
  const char* title_key() const override { return "menu.interview"; }
  bool visible(const GuiState& gui) const override { return gui.mode == Mode::interview; }

  void draw(Session& session, GuiState& gui) override {
    mode_bar(gui);
    if (!gui.quiz) return;
    QuizDesk& desk = *gui.quiz;
    if (!desk.open()) {
      error_text(desk.error());
      return;
    }
    if (!desk.interview_error().empty()) {
      ImGui::TextUnformatted(tr("interview.no_entries"));
      error_text(desk.interview_error());
      return;
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    const float width = std::min(avail, ImGui::GetFontSize() * 48);
    const float indent = std::max(0.0f, (avail - width) / 2);
    if (indent > 0) ImGui::Indent(indent);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::BeginChild("##interview", ImVec2(width, 0));
    InterviewDrill* drill = desk.drill();
    if (drill == nullptr) {
      start_screen(desk, session.lang);
    } else if (drill->phase() == InterviewDrill::Phase::done) {
      summary(desk, *drill);
    } else {
      round(session, gui, desk, *drill, session.lang);
    }
    ImGui::EndChild();
    ImGui::PopTextWrapPos();
    if (indent > 0) ImGui::Unindent(indent);
  }

 private:
  void start_screen(QuizDesk& desk, Lang lang) {
    ImGui::TextWrapped("%s", tr("interview.intro"));
    ImGui::Spacing();
    const auto& topics = desk.topics();
    const std::string current = topic_.empty() ? std::string(tr("interview.all_topics"))
                                               : topic_label(topics, topic_, lang);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
    if (ImGui::BeginCombo(tr("interview.topics"), current.c_str())) {
      if (ImGui::Selectable(tr("interview.all_topics"), topic_.empty())) topic_.clear();
      for (const Topic& t : topics.topics) {
        need_glyphs(t.title);
        if (ImGui::Selectable(topic_label(topics, t.id, lang).c_str(), topic_ == t.id))
          topic_ = t.id;
      }
      ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::SliderInt(tr("interview.count"), &count_, 1, 10);
    const std::vector<std::string> filter =
        topic_.empty() ? std::vector<std::string>{} : std::vector<std::string>{topic_};
    ImGui::TextDisabled("%s %d", tr("interview.due"), desk.interview_due(filter));
    ImGui::Spacing();
    if (ImGui::Button(fmt::format("{}  (Enter)", tr("interview.start")).c_str()) || plain_enter()) {
      desk.start_drill({filter, count_, 120}, lang);
      reset_round();
    }
  }

  void reset_round() {
    answer_[0] = '\0';
    focus_answer_ = true;
  }

  void countdown(const InterviewDrill& drill) {
    const std::int64_t left = drill.options().seconds - drill.elapsed();
    const std::int64_t s = std::abs(left);
    const std::string text = fmt::format("{}:{:02}  {}", s / 60, s % 60,
                                         tr(left >= 0 ? "interview.left" : "interview.over"));
    if (left >= 0) {
      ImGui::TextDisabled("%s", text.c_str());
    } else {
      ImGui::TextColored(ImVec4(1, 0.55f, 0.3f, 1), "%s", text.c_str());
    }
  }

  // The question, its countdown and the answer box; Ctrl+Enter (or the button) reveals.
  void ask(InterviewDrill& drill, const LocalizedText& question, Lang lang) {
    need_glyphs(question);
    ImGui::TextWrapped("%s", question.in(lang).c_str());
    countdown(drill);
    ImGui::TextDisabled("%s", tr("interview.answer_hint"));
    if (focus_answer_) {
      ImGui::SetKeyboardFocusHere();
      focus_answer_ = false;
    }
    ImGui::InputTextMultiline("##answer", answer_, sizeof answer_,
                              ImVec2(-1, ImGui::GetTextLineHeight() * 6));
    need_text(answer_);
    if (ImGui::Button(fmt::format("{}  (Ctrl+Enter)", tr("interview.reveal")).c_str()) ||
        ctrl_enter()) {
      drill.answer(answer_);
      answer_[0] = '\0';
    }
  }

  // The model answer, the points (click or 1-9 toggles), Watch buttons, and for the entry
  // itself the answers interviewers reject.
  void reveal(Session& session, GuiState& gui, QuizDesk& desk, InterviewDrill& drill,
              const LocalizedText& answer, bool mistakes, Lang lang) {
    if (drill.said().empty()) {
      ImGui::TextDisabled("%s", tr("interview.spoken"));
    } else {
      ImGui::TextDisabled("%s %s", tr("interview.yours"), drill.said().c_str());
    }
    ImGui::Separator();
    ImGui::TextUnformatted(tr("interview.model"));
    need_glyphs(answer);
    ImGui::TextWrapped("%s", answer.in(lang).c_str());
    ImGui::Spacing();
    ImGui::TextDisabled("%s", tr("interview.points"));
    const auto& points = *drill.points();
    const int pressed = ImGui::GetIO().WantTextInput ? 0 : digit_pressed();
    for (std::size_t i = 0; i < points.size(); ++i) {
      need_glyphs(points[i].text);
      bool made = drill.ticks()[i];
      ImGui::PushID(static_cast<int>(i));
      const std::string label = fmt::format("{}. {}", i + 1, points[i].text.in(lang));
      if (ImGui::Checkbox(label.c_str(), &made)) drill.set_tick(static_cast<int>(i) + 1, made);
      if (pressed == static_cast<int>(i) + 1) drill.set_tick(pressed, !drill.ticks()[i]);
      if (!points[i].scenario.empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton(fmt::format("\u25B6 {}", tr("interview.watch")).c_str())) {
          watch(session, gui, desk, points[i]);
        }
        if (ImGui::IsItemHovered()) hovered_ = &points[i];
      }
      ImGui::PopID();
    }
    // The step behind the first point an animation shows (or the one whose Watch was
    // hovered last), inline.
    const KeyPoint* shown = nullptr;
    for (const KeyPoint& p : points) {
      if (!p.scenario.empty() && (shown == nullptr || &p == hovered_)) shown = &p;
    }
    if (shown != nullptr) {
      if (target_for_ != shown) {
        target_ = desk.watch(*shown);
        target_for_ = shown;
      }
      if (target_)
        mini_.draw(*target_, session.content_dir(), gui, lang, ImGui::GetFontSize() * 11);
    }
    if (mistakes && ImGui::CollapsingHeader(tr("interview.mistakes"))) {
      for (const auto& m : drill.entry()->mistakes) {
        need_glyphs(m);
        ImGui::Bullet();
        ImGui::TextWrapped("%s", m.in(lang).c_str());
      }
    }
  }

  void round(Session& session, GuiState& gui, QuizDesk& desk, InterviewDrill& drill, Lang lang) {
    const InterviewEntry& e = *drill.entry();
    ImGui::TextDisabled("%s", fmt::format("{}/{} · {}", drill.asked() + 1, drill.options().count,
                                          topic_label(desk.topics(), e.topic, lang))
                                  .c_str());
    using Phase = InterviewDrill::Phase;
    switch (drill.phase()) {
      case Phase::question:
        ask(drill, e.question, lang);
        break;
      case Phase::answer:
        ImGui::TextWrapped("%s", e.question.in(lang).c_str());
        reveal(session, gui, desk, drill, e.answer, true, lang);
        ImGui::Spacing();
        if (ImGui::Button(fmt::format("{}  (Enter)", tr("interview.to_followup")).c_str()) ||
            plain_enter()) {
          drill.next();
          reset_round();
        }
        break;
      case Phase::followup:
        ImGui::TextUnformatted(tr("interview.followup"));
        ask(drill, drill.followup()->question, lang);
        break;
      case Phase::followup_answer:
        ImGui::TextUnformatted(tr("interview.followup"));
        ImGui::TextWrapped("%s", drill.followup()->question.in(lang).c_str());
        reveal(session, gui, desk, drill, drill.followup()->answer, false, lang);
        ImGui::Spacing();
        if (ImGui::Button(fmt::format("{}  (Enter)", tr("interview.to_grade")).c_str()) ||
            plain_enter()) {
          drill.next();
        }
        break;
      case Phase::grade:
        grade(desk, drill);
        break;
      case Phase::done:
        break;
    }
  }

  void grade(QuizDesk& desk, InterviewDrill& drill) {
    const fsrs::Rating proposed = drill.proposed();
    ImGui::Text("%s %s (%d/%d)", tr("interview.proposed"),
                tr(kGradeKeys[static_cast<int>(proposed) - 1]), drill.made(), drill.total());
    const int pressed = digit_pressed();
    for (int g = 1; g <= 4; ++g) {
      const bool is_proposed = g == static_cast<int>(proposed);
      if (is_proposed) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      }
      const bool chosen = ImGui::Button(fmt::format("{} {}", g, tr(kGradeKeys[g - 1])).c_str()) ||
                          pressed == g || (is_proposed && plain_enter());
      if (is_proposed) ImGui::PopStyleColor();
      if (g < 4) ImGui::SameLine();
      if (chosen) {
        drill.grade(static_cast<fsrs::Rating>(g));
        desk.drill_graded();
        reset_round();
        break;
      }
    }
  }

  void summary(QuizDesk& desk, const InterviewDrill& drill) {
    ImGui::Text("%s %d", tr("interview.done"), drill.asked());
    if (drill.asked() == 0) ImGui::TextUnformatted(tr("interview.nothing"));
    if (ImGui::Button(fmt::format("{}  (Enter)", tr("interview.again")).c_str()) || plain_enter()) {
      desk.stop_drill();
    }
  }

  void watch(Session& session, GuiState& gui, QuizDesk& desk, const KeyPoint& point) {
    const auto target = desk.watch(point);
    if (!target) return;
    try {
      session.open(target->scenario, target->options);
      Playback& pb = session.playback();
      pb.pause();
      pb.seek_step(target->event ? pb.step_showing(*target->event) : 0);
      gui.scroll_y = 0;
      gui.mode = Mode::scenarios;
      gui.want_redraw = true;
    } catch (const std::exception&) {
      // A broken link is the test suite's to find; the drill goes on.
    }
  }

  std::optional<WatchTarget> target_;  // the inline step
  const KeyPoint* target_for_ = nullptr;
  const KeyPoint* hovered_ = nullptr;
  MiniDiagram mini_;
  std::string topic_;
  int count_ = 3;
  char answer_[4096] = {};
  bool focus_answer_ = true;
};

}  // namespace

std::unique_ptr<View> make_interview_view() {
  return std::make_unique<InterviewView>();
}

}  // namespace synack::gui
