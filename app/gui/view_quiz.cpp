// The quiz in the window: a start screen (topics or what is due), one question at a time
// answered from the keyboard, feedback with the explanation and a "Watch it" that opens the
// scenario at the step, and a summary. The models (QuizDesk, AnswerInput) do the work.

#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "app/gui/fonts.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/mini_diagram.hpp"
#include "app/gui/quiz_common.hpp"
#include "app/gui/text.hpp"
#include "app/gui/views.hpp"
#include "app/quiz/answer_input.hpp"

namespace synack::gui {
namespace {

const char* keys_hint(const QuizItem& q, bool revealed) {
  switch (q.type) {
    case QuizType::single:
    case QuizType::truefalse:
      return "quiz.keys_single";
    case QuizType::multiple:
      return "quiz.keys_multiple";
    case QuizType::order:
      return "quiz.keys_order";
    case QuizType::numeric:
      return "quiz.keys_numeric";
    case QuizType::explain:
      return revealed ? "quiz.keys_grade" : "quiz.keys_reveal";
  }
  return "quiz.keys_single";
}

class QuizView : public View {
 public:
  const char* title_key() const override { return "quiz.title"; }
  bool visible(const GuiState& gui) const override { return gui.mode == Mode::quiz; }

  void draw(Session& session, GuiState& gui) override {
    mode_bar(gui);
    if (!gui.quiz) return;
    QuizDesk& desk = *gui.quiz;
    const bool first_open = !desk.tried();
    desk.open();
    if (first_open) {
      for (const Topic& t : desk.topics().topics) need_glyphs(t.title);
      for (const Section& s : desk.topics().sections) need_glyphs(s.title);
    }
    // A readable column: long lines are hard to follow on a wide window.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float width = std::min(avail, ImGui::GetFontSize() * 48);
    const float indent = std::max(0.0f, (avail - width) / 2);
    if (indent > 0) ImGui::Indent(indent);
    right_ = ImGui::GetCursorPosX() + width;
    ImGui::PushTextWrapPos(right_);
    body(session, gui, desk, width);
    ImGui::PopTextWrapPos();
    if (indent > 0) ImGui::Unindent(indent);
  }

 private:
  void body(Session& session, GuiState& gui, QuizDesk& desk, float width) {
    if (!desk.error().empty()) {
      ImGui::TextUnformatted(tr("quiz.bank_error"));
      error_text(desk.error());
      return;
    }
    if (!desk.notice().empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.8f, 0.3f, 1));
      text_wrapped(desk.notice(), width);
      ImGui::PopStyleColor();
    }
    QuizSession* s = desk.session();
    if (!s) {
      start_screen(gui, desk, session.lang);
    } else if (const QuizItem* q = desk.question()) {
      if (s->id() != session_id_ || q->id != item_id_) new_question(*s, *q);
      number_ = s->asked() + (desk.outcome() ? 0 : 1);  // answered ones count once
      if (desk.outcome()) {
        feedback(session, gui, desk, *q, *desk.outcome(), width);
      } else {
        question(gui, desk, *q, session.lang, width);
      }
    } else {
      summary(gui, desk, *s);
    }
  }

  void new_question(const QuizSession& s, const QuizItem& q) {
    // Numbers keep their meaning within one question only.
    session_id_ = s.id();
    item_id_ = q.id;
    input_.emplace(q);
    watch_error_.clear();
    target_.reset();
    target_for_.clear();
    number_buf_[0] = 0;
    focus_number_ = q.type == QuizType::numeric;
    for (const auto* t : {&q.question, &q.model_answer, &q.explanation}) need_glyphs(*t);
    for (const auto& c : q.choices) need_glyphs(c);
    if (q.material) need_glyphs(*q.material);
    for (Lang l : {Lang::en, Lang::zh}) {
      need_text(right_answer_text(q, l));
      need_text(answer_hint(q, l));
    }
  }

  // --- start ---------------------------------------------------------------------------

  void start_screen(GuiState& gui, QuizDesk& desk, Lang lang) {
    const std::vector<std::string> picked(selected_.begin(), selected_.end());
    const int due = desk.due_count(picked);
    ImGui::TextUnformatted(tr("quiz.intro"));
    ImGui::Spacing();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputInt(tr("quiz.count"), &count_);
    count_ = std::clamp(count_, 1, 50);
    const std::string start =
        selected_.empty()
            ? fmt::format("{}  (Enter)", tr("quiz.start_all"))
            : fmt::format("{} ({})  (Enter)", tr("quiz.start_topics"), selected_.size());
    if (ImGui::Button(start.c_str()) || (enter_pressed() && !ImGui::GetIO().WantTextInput)) {
      start_quiz(gui, {picked, count_, false}, lang);
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(due == 0);
    if (ImGui::Button(fmt::format("{} ({})", tr("quiz.due_now"), due).c_str())) {
      start_quiz(gui, {picked, count_, true}, lang);
    }
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::Separator();

    const TopicList& topics = desk.topics();
    bool all = selected_.empty();
    if (ImGui::Checkbox(tr("quiz.all_topics"), &all) && all) selected_.clear();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("quiz.topics_hint"));
    // Items per topic, from the stats (cached): a topic with none is not worth ticking.
    std::map<std::string, int> items;
    for (const TopicStat& t : desk.stats().topics) items[t.id] = t.items;
    ImGui::BeginChild("##topics");
    for (const Section& sec : topics.sections) {
      std::vector<const Topic*> in;
      for (const Topic& t : topics.topics)
        if (t.section == sec.id) in.push_back(&t);
      bool whole = !in.empty() && std::all_of(in.begin(), in.end(), [&](const Topic* t) {
        return selected_.count(t->id) > 0;
      });
      ImGui::PushID(sec.id.c_str());
      if (ImGui::Checkbox("##section", &whole)) {
        for (const Topic* t : in)
          whole ? void(selected_.insert(t->id)) : void(selected_.erase(t->id));
      }
      ImGui::SameLine();
      if (ImGui::TreeNodeEx(fmt::format("{}  {}", sec.id, sec.title.in(lang)).c_str())) {
        for (const Topic* t : in) {
          bool on = selected_.count(t->id) > 0;
          const std::string label =
              fmt::format("{}  ({})", topic_label(topics, t->id, lang), items[t->id]);
          if (ImGui::Checkbox(label.c_str(), &on)) {
            on ? void(selected_.insert(t->id)) : void(selected_.erase(t->id));
          }
        }
        ImGui::TreePop();
      }
      ImGui::PopID();
    }
    ImGui::EndChild();
  }

  // --- question --------------------------------------------------------------------------

  void question(GuiState& gui, QuizDesk& desk, const QuizItem& q, Lang lang, float width) {
    AnswerInput& in = *input_;
    const bool typing = ImGui::GetIO().WantTextInput;
    bool submit = false;
    if (!typing) {
      if (const int n = digit_pressed()) submit = in.press(n);
      if (key_pressed(GLFW_KEY_BACKSPACE)) in.backspace();
      if (q.self_graded() && !in.revealed() && key_pressed(GLFW_KEY_SPACE)) in.reveal();
      if (enter_pressed() && in.ready()) submit = true;
    }

    ImGui::TextDisabled("%s", fmt::format("{} {} / {}  ·  {}", tr("quiz.question"), number_,
                                          std::max(desk.filter().count, number_),
                                          topic_label(desk.topics(), q.topic, lang))
                                  .c_str());
    ImGui::Spacing();
    text_wrapped(q.question.in(lang), width);
    ImGui::Spacing();

    auto choice = [&](int n, const std::string& text) {
      // The mark says what pressing n did, in a shape, not by colour alone.
      // Order: the place given so far. Fixed columns, so a mark never shifts the text.
      std::string mark;
      if (q.type == QuizType::multiple) {
        mark = in.chosen(n) ? "\u25A0" : "\u25A1";
      } else if (q.type == QuizType::order) {
        const int pos = in.position(n);
        mark = pos ? fmt::format("{}\u2192", pos) : "\u00B7";
      } else {
        mark = in.chosen(n) ? "\u25CF" : "\u25CB";
      }
      const float x0 = ImGui::GetCursorPosX();
      const float fs = ImGui::GetFontSize();
      ImGui::PushID(n);
      ImGui::BeginGroup();
      ImGui::TextUnformatted(mark.c_str());
      ImGui::SameLine();
      ImGui::SetCursorPosX(x0 + fs * 1.8f);
      ImGui::Text("%d.", n);
      ImGui::SameLine();
      ImGui::SetCursorPosX(x0 + fs * 3.0f);
      ImGui::BeginGroup();
      text_wrapped(text, right_ - ImGui::GetCursorPosX());
      ImGui::EndGroup();
      ImGui::EndGroup();
      if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      if (ImGui::IsItemClicked()) submit = in.press(n) || submit;
      ImGui::PopID();
    };
    if (q.type == QuizType::truefalse) {
      choice(1, tr("quiz.true"));
      choice(2, tr("quiz.false"));
    }
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
      choice(static_cast<int>(i) + 1, q.choices[i].in(lang));
    }

    if (q.type == QuizType::order) {
      std::string order;
      for (int n : in.picks()) order += (order.empty() ? "" : " \u2192 ") + std::to_string(n);
      ImGui::Spacing();
      ImGui::Text("%s %s", tr("quiz.your_order"), order.empty() ? "\u2026" : order.c_str());
    }
    if (q.type == QuizType::numeric) {
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
      if (focus_number_) {
        ImGui::SetKeyboardFocusHere();
        focus_number_ = false;
      }
      if (ImGui::InputText(
              "##number", number_buf_, sizeof number_buf_,
              ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsScientific)) {
        in.number = number_buf_;
        if (in.ready()) submit = true;
      }
      in.number = number_buf_;
      if (!q.unit.empty()) {
        ImGui::SameLine();
        ImGui::TextUnformatted(q.unit.c_str());
      }
    }
    if (q.self_graded()) {
      ImGui::Spacing();
      if (!in.revealed()) {
        if (ImGui::Button(fmt::format("{}  (Space)", tr("quiz.reveal")).c_str())) in.reveal();
      } else {
        ImGui::TextUnformatted(tr("quiz.model_answer"));
        ImGui::Indent();
        text_wrapped(q.model_answer.in(lang), width - ImGui::GetStyle().IndentSpacing);
        ImGui::Unindent();
        ImGui::Spacing();
        ImGui::TextUnformatted(tr("quiz.grade_yourself"));
        for (int g = 1; g <= 4; ++g) {
          if (ImGui::Button(fmt::format("{} {}", g, tr(kGradeKeys[g - 1])).c_str()))
            submit = in.press(g);
          if (g < 4) ImGui::SameLine();
        }
      }
    }

    ImGui::Spacing();
    ImGui::Separator();
    if (!q.self_graded()) {
      ImGui::BeginDisabled(!in.ready());
      if (ImGui::Button(fmt::format("{}  (Enter)", tr("quiz.submit")).c_str())) submit = true;
      ImGui::EndDisabled();
      ImGui::SameLine();
    }
    ImGui::TextDisabled("%s", tr(keys_hint(q, in.revealed())));

    if (submit && in.ready()) {
      // Committed before anything else is shown: closing the window now loses nothing.
      desk.answer(in.line());
      gui.want_redraw = true;
    }
  }

  // --- feedback --------------------------------------------------------------------------

  void feedback(Session& session, GuiState& gui, QuizDesk& desk, const QuizItem& q,
                const QuizSession::Outcome& outcome, float width) {
    const Lang lang = session.lang;
    const Grade& g = outcome.grade;
    const bool next =
        !ImGui::GetIO().WantTextInput && (enter_pressed() || key_pressed(GLFW_KEY_SPACE));

    ImGui::TextDisabled("%s", fmt::format("{} {}  ·  {}", tr("quiz.question"), number_,
                                          topic_label(desk.topics(), q.topic, lang))
                                  .c_str());
    text_wrapped(q.question.in(lang), width);
    ImGui::Separator();
    const ImVec4 good(0.35f, 0.85f, 0.45f, 1), bad(1, 0.45f, 0.35f, 1);
    if (q.self_graded()) {
      ImGui::TextUnformatted(tr("quiz.model_answer"));
      text_wrapped(q.model_answer.in(lang), width);
      const int r = static_cast<int>(g.rating);
      ImGui::Text("%s %s", tr("quiz.you_graded"),
                  g.readable && r >= 1 && r <= 4 ? tr(kGradeKeys[r - 1]) : tr("quiz.again"));
    } else if (g.correct) {
      ImGui::TextColored(good, "\u2713 %s", tr("quiz.right"));
    } else {
      ImGui::TextColored(bad, "\u2715 %s", tr("quiz.wrong"));
      if (g.readable) {
        ImGui::TextUnformatted(tr("quiz.you_answered"));
        ImGui::SameLine(0, ImGui::GetFontSize() * 0.3f);
        ImGui::BeginGroup();
        text_wrapped(given_answer_text(q, g, lang, true), right_ - ImGui::GetCursorPosX());
        ImGui::EndGroup();
      }
      ImGui::TextUnformatted(tr("quiz.the_answer"));
      ImGui::SameLine(0, ImGui::GetFontSize() * 0.3f);
      ImGui::BeginGroup();
      text_wrapped(right_answer_text(q, lang, true), right_ - ImGui::GetCursorPosX());
      ImGui::EndGroup();
    }
    ImGui::Spacing();
    text_wrapped(q.explanation.in(lang), width);
    if (q.material) {
      ImGui::Spacing();
      ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%s", tr("quiz.material"));
      text_wrapped(q.material->in(lang), width);
    }
    ImGui::Spacing();
    if (!q.scenario.empty()) {
      std::string title = q.scenario;
      for (const auto& e : session.catalog().entries)
        if (e.id == q.scenario) title = e.title.in(lang);
      // The step itself, inline: feedback that shows, not only tells. Found once per
      // question (it runs the scenario).
      if (target_for_ != q.id) {
        target_ = desk.watch(q);
        target_for_ = q.id;
      }
      if (target_) {
        mini_.draw(*target_, session.content_dir(), gui, lang, ImGui::GetFontSize() * 11,
                   right_ - ImGui::GetCursorPosX());
      }
      if (ImGui::Button(fmt::format("\u25B6 {}: {}", tr("quiz.watch"), title).c_str())) {
        watch(session, gui, desk, q);
      }
      if (!watch_error_.empty()) error_text(watch_error_);
    }
    const ReviewInterval in = review_interval(outcome.card.due - desk.now());
    const bool one = in.count == 1;
    const char* unit = in.unit == ReviewInterval::Unit::minutes
                           ? (one ? "quiz.minute" : "quiz.minutes")
                       : in.unit == ReviewInterval::Unit::hours ? (one ? "quiz.hour" : "quiz.hours")
                                                                : (one ? "quiz.day" : "quiz.days");
    ImGui::TextDisabled("%s %lld %s", tr("quiz.next_review"), static_cast<long long>(in.count),
                        tr(unit));
    ImGui::Separator();
    if (ImGui::Button(fmt::format("{}  (Enter / Space)", tr("quiz.next")).c_str()) || next) {
      desk.next();  // the next question resets this view's state (new_question)
      gui.want_redraw = true;
    }
  }

  // Opens the item's scenario in the normal diagram view, at the step, with a generated
  // item's own run; the quiz stays where it was (F7 comes back).
  void watch(Session& session, GuiState& gui, QuizDesk& desk, const QuizItem& q) {
    const auto target = desk.watch(q);
    if (!target) return;
    try {
      session.open(target->scenario, target->options);
      Playback& pb = session.playback();
      pb.pause();
      pb.seek_step(target->event ? pb.step_showing(*target->event) : 0);
      watch_error_.clear();
      gui.scroll_y = 0;
      gui.mode = Mode::scenarios;
      gui.want_redraw = true;
    } catch (const std::exception& e) {
      watch_error_ = e.what();
    }
  }

  // --- summary ---------------------------------------------------------------------------

  void summary(GuiState& gui, QuizDesk& desk, const QuizSession& s) {
    if (s.asked() == 0) {
      ImGui::TextUnformatted(tr("quiz.nothing"));
    } else {
      ImGui::Text("%s %d / %d", tr("quiz.over"), s.right(), s.asked());
    }
    ImGui::Text("%s %d", tr("quiz.due_after"), desk.due_count({}));
    ImGui::Spacing();
    if (ImGui::Button(fmt::format("{}  (Enter)", tr("quiz.new")).c_str()) ||
        (enter_pressed() && !ImGui::GetIO().WantTextInput)) {
      desk.stop();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("menu.stats"))) gui.mode = Mode::stats;
  }

  std::set<std::string> selected_;  // empty: every topic
  int count_ = 10;
  std::int64_t session_id_ = -1;
  std::string item_id_;
  int number_ = 0;
  std::optional<AnswerInput> input_;
  std::string watch_error_;
  std::optional<WatchTarget> target_;  // the feedback's scenario step
  std::string target_for_;             // the item it was found for
  MiniDiagram mini_;
  char number_buf_[64] = {};
  bool focus_number_ = false;
  float right_ = 0;  // the text column's right edge, in window coordinates
};

}  // namespace

std::unique_ptr<View> make_quiz_view() {
  return std::make_unique<QuizView>();
}

}  // namespace synack::gui
