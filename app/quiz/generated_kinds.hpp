#pragma once
// The generators behind generated items. Each reads one run's trace and fills in a question
// whose answer is an event of that trace; nullopt when the run has nothing to ask about.

#include <optional>

#include "app/quiz/generated_text.hpp"
#include "app/quiz/quiz_item.hpp"
#include "engine/scenario.hpp"
#include "engine/simulator.hpp"

namespace synack::gen {

struct Asked {
  LocalizedText question;  // from the point asked on; the caller puts the setting before it
  std::vector<LocalizedText> choices;
  std::vector<int> right_choices;
  double right_number = 0;
  LocalizedText explanation;
  std::size_t step = 0;  // the event the answer is about
};

std::optional<Asked> ask_next_segment(const Trace& trace, Rng& rng);
std::optional<Asked> ask_next_ack(const Trace& trace, Rng& rng);
std::optional<Asked> ask_next_state(const Trace& trace, Rng& rng);

// Flow and congestion control, from the window events (generated_window.cpp).
// cwnd after one ACK in slow start or Reno's congestion avoidance. `topic` is the card's: for
// CC-03 (and CC-04) only congestion avoidance is asked, for CC-05 only the slow start after
// a timeout.
std::optional<Asked> ask_cwnd_after_ack(const Trace& trace, std::string_view topic, Rng& rng);
// cwnd and ssthresh after a loss: fast recovery (its ssthresh, and cwnd when it ends) or a
// retransmission timeout; for a card of CC-04 only the first, of CC-05 only the second.
std::optional<Asked> ask_cwnd_after_loss(const Trace& trace, std::string_view topic, Rng& rng);
// The window a receiver that set SO_RCVBUF (in `spec`) advertises, from what it has received
// and what its application has read.
std::optional<Asked> ask_advertised_window(const Trace& trace, const ScenarioSpec& spec, Rng& rng);
// How many new bytes the peer's window lets a sender send when an ACK moves it.
std::optional<Asked> ask_usable_window(const Trace& trace, Rng& rng);

// Give-up time: the side that gives up, why, and the sysctl that bounds its retries.
struct GiveUpRule {
  Why why;
  Knob knob;
  int lo;
  int hi;
  LocalizedText what;  // "connect() fails"
};
// The rule of the first give-up event in `trace`, and the host it happened on.
std::optional<std::pair<GiveUpRule, std::uint16_t>> find_give_up_rule(const Trace& trace);
// The question for `rule` on `host`; nullopt if that host never gives up in this run.
std::optional<Asked> ask_give_up(const Trace& trace, const GiveUpRule& rule, std::uint16_t host,
                                 int value);

}  // namespace synack::gen
