// Predict mode: playback stops before each arrow and asks what comes next (flags, ack
// number, the sender's next state); the answer is checked, then the arrow is revealed, and
// a wrong answer shows the engine's reason for what really happened.

#include <imgui.h>

#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "app/gui/i18n.hpp"
#include "app/gui/text.hpp"
#include "app/gui/views.hpp"
#include "app/run/predict.hpp"

namespace synack::gui {
namespace {

constexpr TcpState kStates[] = {
    TcpState::CLOSED,      TcpState::LISTEN,     TcpState::SYN_SENT,   TcpState::SYN_RECEIVED,
    TcpState::ESTABLISHED, TcpState::FIN_WAIT_1, TcpState::FIN_WAIT_2, TcpState::CLOSE_WAIT,
    TcpState::CLOSING,     TcpState::LAST_ACK,   TcpState::TIME_WAIT,
};

class PredictView : public View {
 public:
  const char* title_key() const override { return "predict.title"; }
  bool visible(const GuiState& gui) const override { return gui.predict_mode; }

  void draw(Session& session, GuiState& gui) override {
    if (!session.is_open()) return;
    const Trace& trace = session.run().trace;
    Playback& pb = session.playback();
    if (trace_ != &trace) reset(trace);

    if (!question_ || (result_ && continued_)) next_question(*session.run().index, pb);
    if (!question_) {
      text_wrapped(tr("predict.done"));
      return;
    }
    const Prediction& q = *question_;
    // Hold the cursor before the arrow until it is answered (stepping past is undone).
    if (!result_ && pb.visible_events() > q.ask_before) hold_before(pb, q.ask_before);

    const Event& ev = trace.events[q.send_event];
    text_wrapped(
        fmt::format(fmt::runtime(tr("caption.ask")), fmt::arg("host", trace.host_name(ev.host))));
    ImGui::Separator();
    if (gui.predict_choice && !result_) {  // --predict-answer: as if chosen and checked
      if (*gui.predict_choice < q.flag_choices.size()) answer_.flags = *gui.predict_choice;
      gui.predict_choice.reset();
      check(session, trace, pb, q);
    }
    if (result_) {
      feedback(session, ev, q);
    } else {
      ask(session, trace, pb, q);
    }
  }

 private:
  // The answer's inputs, all empty at first, and Check once the flags are chosen.
  void ask(const Session& session, const Trace& trace, Playback& pb, const Prediction& q) {
    ImGui::TextUnformatted(tr("predict.flags"));
    for (std::size_t i = 0; i < q.flag_choices.size(); ++i) {
      const std::string name = flag_name(q.flag_choices[i]);
      if (i > 0) same_line_if_fits(ImGui::CalcTextSize(name.c_str()).x + ImGui::GetFrameHeight());
      if (ImGui::RadioButton(fmt::format("{}##f{}", name, i).c_str(), answer_.flags == i))
        answer_.flags = i;
    }
    const float field = ImGui::GetFontSize() * 9;
    if (q.ack) {
      ImGui::TextUnformatted(tr("predict.ack"));
      same_line_if_fits(field);
      ImGui::SetNextItemWidth(field);
      ImGui::InputText("##ack", ack_text_, sizeof ack_text_, ImGuiInputTextFlags_CharsDecimal);
    }
    if (q.next_state) {
      ImGui::TextUnformatted(tr("predict.state"));
      same_line_if_fits(field);
      ImGui::SetNextItemWidth(field);
      const std::string cur =
          state_input_ ? std::string(state_name(*state_input_)) : tr("predict_mode.choose");
      if (ImGui::BeginCombo("##state", cur.c_str())) {
        for (TcpState s : kStates)
          if (ImGui::Selectable(std::string(state_name(s)).c_str(), state_input_ == s))
            state_input_ = s;
        ImGui::EndCombo();
      }
    }
    ImGui::Spacing();
    // Nothing is chosen at first; Check waits for at least the flags.
    const bool ready = answer_.flags.has_value();
    ImGui::BeginDisabled(!ready);
    const bool clicked = ImGui::Button(tr("predict.check"));
    ImGui::EndDisabled();
    if (!ready) text_wrapped_disabled(tr("predict_mode.choose_first"));
    if (clicked && ready) check(session, trace, pb, q);
  }

  // In place of the inputs: each part right or wrong, what was given and the right value,
  // why (in the current language, every frame), and Next.
  void feedback(const Session& session, const Event& ev, const Prediction& q) {
    const std::string none = "\u2014";
    auto verdict = [](bool ok, const char* what, const std::string& given,
                      const std::string& right) {
      text_wrapped(fmt::format("{} {} {}{}", ok ? "\u2713" : "\u2715", what, given,
                               ok ? "" : fmt::format(" \u2192 {}", right)));
    };
    verdict(result_->flags_right, tr("predict.flags"),
            answer_.flags ? flag_name(q.flag_choices[*answer_.flags]) : none,
            flag_name(q.flag_choices[q.right_flags]));
    if (q.ack) {
      verdict(result_->ack_right, tr("predict.ack"),
              answer_.ack ? std::to_string(*answer_.ack) : none, std::to_string(*q.ack));
    }
    if (q.next_state) {
      verdict(result_->state_right, tr("predict.state"),
              answer_.next_state ? std::string(state_name(*answer_.next_state)) : none,
              std::string(state_name(*q.next_state)));
    }
    if (!(result_->flags_right && result_->ack_right && result_->state_right)) {
      ImGui::Spacing();
      ImGui::TextUnformatted(tr("predict.why"));
      text_wrapped(describe(ev.reason, session.lang));
    }
    ImGui::Spacing();
    if (ImGui::Button(tr("predict.next"))) continued_ = true;
    ImGui::SameLine();
    ImGui::TextDisabled("%s %d / %d", tr("predict.score"), right_, answered_);
    if (scroll_to_result_) {  // the panel may be short: bring Next into view once
      ImGui::SetScrollHereY(1.0f);
      scroll_to_result_ = false;
    }
  }

  // On the same line as the last item if `width` more fits the panel, else on the next.
  static void same_line_if_fits(float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width + style.FramePadding.x * 2 <= right)
      ImGui::SameLine();
  }

  static void text_wrapped_disabled(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text_wrapped(text);
    ImGui::PopStyleColor();
  }

  void check(const Session& session, const Trace& trace, Playback& pb, const Prediction& q) {
    // An empty ack or state is an answer too: a wrong one, and the verdict gives the right one.
    answer_.ack.reset();
    if (q.ack && ack_text_[0] != '\0') {
      answer_.ack = static_cast<std::uint32_t>(std::strtoul(ack_text_, nullptr, 10));
    }
    answer_.next_state = q.next_state ? state_input_ : std::nullopt;
    result_ = check_prediction(trace, q, answer_, session.lang);
    answered_ += 1;
    scroll_to_result_ = true;
    if (result_->flags_right && result_->ack_right && result_->state_right) right_ += 1;
    // Reveal: step until the arrow is shown.
    while (pb.visible_events() <= q.send_event && pb.step() < pb.step_count()) pb.step_forward();
  }

  // A flag set's name; a segment with no flags at all is named in words.
  static std::string flag_name(const std::string& flags) {
    return flags.empty() ? tr("predict_mode.no_flags") : flags;
  }

  void reset(const Trace& trace) {
    trace_ = &trace;
    question_.reset();
    result_.reset();
    continued_ = false;
  }

  void next_question(const TraceIndex& index, Playback& pb) {
    question_ = make_prediction(index, pb.visible_events(), seed_++);
    result_.reset();
    continued_ = false;
    answer_ = {};
    ack_text_[0] = '\0';
    state_input_.reset();
    if (question_) hold_before(pb, question_->ask_before);
  }

  // The last step whose event comes before `event`, paused.
  static void hold_before(Playback& pb, std::size_t event) {
    pb.pause();
    std::size_t s = pb.step();
    while (s > 0 && pb.step_event(s) >= event) --s;
    if (s != pb.step()) pb.seek_step(s);
  }

  const Trace* trace_ = nullptr;
  std::optional<Prediction> question_;
  std::optional<PredictResult> result_;
  PredictAnswer answer_;
  char ack_text_[16] = "";
  std::optional<TcpState> state_input_;
  bool continued_ = false;
  bool scroll_to_result_ = false;
  std::uint64_t seed_ = 1;
  int answered_ = 0, right_ = 0;
};

}  // namespace

std::unique_ptr<View> make_predict_view() {
  return std::make_unique<PredictView>();
}

}  // namespace synack::gui
