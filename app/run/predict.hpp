#pragma once
// Predict mode: before the next arrow is revealed, ask what comes next (flags, ack number,
// the sender's next state), then check the answer and explain with the engine's reason.

#include <optional>
#include <string>
#include <vector>

#include "app/run/trace_index.hpp"
#include "engine/trace.hpp"

namespace synack {

struct Prediction {
  std::size_t send_event = 0;             // the event being predicted
  std::size_t ask_before = 0;             // pause before this event: the send, or the sender's
                                          // state change just before it (it gives the answer away)
  std::vector<std::string> flag_choices;  // 3-4 flag sets, the right one among them ("": no
                                          // flags at all; the view names it in its language)
  std::size_t right_flags = 0;            // index into flag_choices
  std::optional<std::uint32_t> ack;       // relative ack number expected, if the segment has ACK
  std::optional<TcpState> next_state;     // the sender's state right after, if it changes
                                          // (at the same instant, just before or after the send)
};

// Empty until the student chooses.
struct PredictAnswer {
  std::optional<std::size_t> flags;
  std::optional<std::uint32_t> ack;
  std::optional<TcpState> next_state;
};

struct PredictResult {
  bool flags_right = false;
  bool ack_right = false;
  bool state_right = false;
  std::string explanation;  // the reason of the event, in the chosen language
};

// The first send event at or after `from_event` that can be predicted: an attacker's forged
// segments are skipped (nothing about them can be predicted). Predict mode and the
// presenter's "ask the room" both ask about it.
std::optional<std::size_t> next_predictable_send(const TraceIndex& index, std::size_t from_event);

// The question for the first send event at or after `from_event` (an attacker's forged
// segments are skipped: nothing about them can be predicted), or nullopt if none. The
// wrong flag choices are plausible mistakes for that segment, picked by `seed`.
std::optional<Prediction> make_prediction(const TraceIndex& index, std::size_t from_event,
                                          std::uint64_t seed);
// An answer without ack (or state) is right when the segment has no ACK (or no change); an
// answer without flags is wrong.
PredictResult check_prediction(const Trace& trace, const Prediction& p, const PredictAnswer& a,
                               Lang lang);

}  // namespace synack
