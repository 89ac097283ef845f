// Predict mode: playback stops before each arrow and asks what comes next (flags, ack
// number, the sender's next state); the answer is checked, then the arrow is revealed, and
// a wrong answer shows the engine's reason for what really happened.

#include <imgui.h>

#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>

#include "app/gui/i18n.hpp"
#include "app/gui/text.hpp"
#include "app/gui/views.hpp"
#include "app/predict.hpp"

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

  void draw(Session& session, GuiState&) override {
    if (!session.is_open()) return;
    const Trace& trace = session.run().trace;
    Playback& pb = session.playback();
    if (trace_ != &trace) reset(trace);

    if (!question_ || (result_ && continued_)) next_question(trace, pb);
    if (!question_) {
      ImGui::TextWrapped("%s", tr("predict.done"));
      return;
    }
    const Prediction& q = *question_;
    // Hold the cursor before the arrow until it is answered (stepping past is undone).
    if (!result_ && pb.visible_events() > q.ask_before) hold_before(pb, q.ask_before);

    const Event& ev = trace.events[q.send_event];
    ImGui::TextWrapped(
        "%s", fmt::format("{} {}?", tr("predict.question"), trace.host_name(ev.host)).c_str());
    ImGui::Separator();
    ImGui::TextUnformatted(tr("predict.flags"));
    for (std::size_t i = 0; i < q.flag_choices.size(); ++i) {
      if (ImGui::RadioButton(fmt::format("{}##f{}", q.flag_choices[i], i).c_str(),
                             answer_.flags == i) &&
          !result_)
        answer_.flags = i;
      if (i + 1 < q.flag_choices.size()) ImGui::SameLine();
    }
    if (q.ack) {
      ImGui::TextUnformatted(tr("predict.ack"));
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
      ImGui::InputScalar("##ack", ImGuiDataType_U32, &ack_input_, nullptr, nullptr, nullptr,
                         result_ ? ImGuiInputTextFlags_ReadOnly : 0);
    }
    if (q.next_state) {
      ImGui::TextUnformatted(tr("predict.state"));
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
      const std::string cur(state_name(state_input_));
      if (ImGui::BeginCombo("##state", cur.c_str())) {
        for (TcpState s : kStates)
          if (ImGui::Selectable(std::string(state_name(s)).c_str(), s == state_input_) && !result_)
            state_input_ = s;
        ImGui::EndCombo();
      }
    }
    ImGui::Spacing();
    if (!result_) {
      if (ImGui::Button(tr("predict.check"))) {
        answer_.ack = q.ack ? std::optional<std::uint32_t>(ack_input_) : std::nullopt;
        answer_.next_state = q.next_state ? std::optional<TcpState>(state_input_) : std::nullopt;
        result_ = check_prediction(trace, q, answer_, session.lang);
        answered_ += 1;
        scroll_to_result_ = true;
        const bool all = result_->flags_right && result_->ack_right && result_->state_right;
        if (all) right_ += 1;
        // Reveal: step until the arrow is shown.
        while (pb.visible_events() <= q.send_event && pb.step() < pb.step_count())
          pb.step_forward();
      }
      return;
    }
    // Each part says right or wrong in words, and gives the right value when wrong.
    auto verdict = [](bool ok, const char* what, const std::string& right) {
      ImGui::Text("%s %s%s", ok ? "\u2713" : "\u2715", what,
                  ok ? "" : fmt::format(" \u2192 {}", right).c_str());
    };
    verdict(result_->flags_right, tr("predict.flags"), q.flag_choices[q.right_flags]);
    if (q.ack) verdict(result_->ack_right, tr("predict.ack"), std::to_string(*q.ack));
    if (q.next_state)
      verdict(result_->state_right, tr("predict.state"), std::string(state_name(*q.next_state)));
    if (!(result_->flags_right && result_->ack_right && result_->state_right)) {
      ImGui::Spacing();
      ImGui::TextUnformatted(tr("predict.why"));
      text_wrapped(result_->explanation);  // breaks Chinese lines too
    }
    ImGui::Spacing();
    if (ImGui::Button(tr("predict.next"))) continued_ = true;
    ImGui::SameLine();
    ImGui::TextDisabled("%s %d / %d", tr("predict.score"), right_, answered_);
    if (scroll_to_result_) {  // the panel is short: bring the verdict into view once
      ImGui::SetScrollHereY(1.0f);
      scroll_to_result_ = false;
    }
  }

 private:
  void reset(const Trace& trace) {
    trace_ = &trace;
    question_.reset();
    result_.reset();
    continued_ = false;
  }

  void next_question(const Trace& trace, Playback& pb) {
    question_ = make_prediction(trace, pb.visible_events(), seed_++);
    result_.reset();
    continued_ = false;
    answer_ = {};
    ack_input_ = 0;
    state_input_ = TcpState::ESTABLISHED;
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
  std::uint32_t ack_input_ = 0;
  TcpState state_input_ = TcpState::ESTABLISHED;
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
