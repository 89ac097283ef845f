// Predict mode: the question before an arrow (flags, relative ack, the sender's next state)
// and the check of an answer, explained with the engine's reason.
#include <catch2/catch.hpp>

#include <set>

#include "app/content/scenario_catalog.hpp"
#include "app/run/predict.hpp"
#include "engine/simulator.hpp"

using namespace synack;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

Trace handshake() {
  return run_scenario(load_scenario_arg(kContent, "handshake").spec);
}

SegmentRecord segment_of(const Trace& t, const Prediction& p) {
  return t.segments[t.events[p.send_event].segment];
}

PredictAnswer right_answer(const Prediction& p) {
  return {p.right_flags, p.ack, p.next_state};
}

}  // namespace

TEST_CASE("predict: the handshake, question by question", "[predict]") {
  Trace t = handshake();
  auto syn = make_prediction(TraceIndex(t), 0, 1);
  REQUIRE(syn);
  CHECK(t.events[syn->send_event].type == EventType::send);
  CHECK(syn->flag_choices.at(syn->right_flags) == "SYN");
  CHECK_FALSE(syn->ack);  // a SYN carries no acknowledgement
  // connect(): CLOSED → SYN_SENT, shown just before the SYN; ask before it gives it away.
  CHECK(syn->next_state == TcpState::SYN_SENT);
  CHECK(syn->ask_before < syn->send_event);
  CHECK(t.events[syn->ask_before].type == EventType::state);

  auto synack = make_prediction(TraceIndex(t), syn->send_event + 1, 1);
  REQUIRE(synack);
  CHECK(synack->flag_choices.at(synack->right_flags) == "SYN,ACK");
  CHECK(synack->ack == 1u);  // the SYN took one sequence number
  CHECK(synack->next_state == TcpState::SYN_RECEIVED);
  CHECK(t.events[synack->send_event].host == t.host_index("server"));

  auto ack = make_prediction(TraceIndex(t), synack->send_event + 1, 1);
  REQUIRE(ack);
  CHECK(ack->flag_choices.at(ack->right_flags) == "ACK");
  CHECK(ack->ack == 1u);
  CHECK(ack->next_state == TcpState::ESTABLISHED);
  CHECK(segment_of(t, *ack).rel_seq == 1);

  CHECK_FALSE(make_prediction(TraceIndex(t), t.events.size(), 1));
}

TEST_CASE("predict: 3-4 distinct plausible choices, deterministic from the seed", "[predict]") {
  Trace t = handshake();
  std::set<std::vector<std::string>> orders;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    std::size_t from = 0;
    while (auto p = make_prediction(TraceIndex(t), from, seed)) {
      const auto& c = p->flag_choices;
      CHECK(c.size() >= 3);
      CHECK(c.size() <= 4);
      CHECK(std::set<std::string>(c.begin(), c.end()).size() == c.size());
      CHECK(c.at(p->right_flags) == flags_to_string(segment_of(t, *p).seg.flags));
      // Same seed, same question.
      auto again = make_prediction(TraceIndex(t), from, seed);
      CHECK(again->flag_choices == c);
      CHECK(again->right_flags == p->right_flags);
      if (segment_of(t, *p).seg.flags == kSyn) {
        // Wrong answers for a SYN are the handshake's other segments, not data or FIN.
        for (const auto& choice : c) CHECK(choice.find("FIN") == std::string::npos);
        orders.insert(c);
      }
      from = p->send_event + 1;
    }
  }
  CHECK(orders.size() > 1);  // the right answer is not always in the same place
}

TEST_CASE("predict: checking answers", "[predict]") {
  Trace t = handshake();
  auto synack = make_prediction(TraceIndex(t), 0, 7);
  synack = make_prediction(TraceIndex(t), synack->send_event + 1, 7);
  REQUIRE(synack);
  PredictResult right = check_prediction(t, *synack, right_answer(*synack), Lang::en);
  CHECK(right.flags_right);
  CHECK(right.ack_right);
  CHECK(right.state_right);
  CHECK(right.explanation == describe(t.events[synack->send_event].reason, Lang::en));
  CHECK_FALSE(right.explanation.empty());

  PredictAnswer wrong = right_answer(*synack);
  wrong.flags = (synack->right_flags + 1) % synack->flag_choices.size();
  wrong.ack = 0;  // forgot that a SYN counts as one
  wrong.next_state = TcpState::ESTABLISHED;
  PredictResult r = check_prediction(t, *synack, wrong, Lang::zh);
  CHECK_FALSE(r.flags_right);
  CHECK_FALSE(r.ack_right);
  CHECK_FALSE(r.state_right);
  CHECK(r.explanation == describe(t.events[synack->send_event].reason, Lang::zh));

  // No ACK flag: the right answer gives no ack number.
  auto syn = make_prediction(TraceIndex(t), 0, 7);
  PredictAnswer extra = right_answer(*syn);
  extra.ack = 1;
  CHECK_FALSE(check_prediction(t, *syn, extra, Lang::en).ack_right);
}

TEST_CASE("predict: an attacker's forged segments are not asked about", "[predict]") {
  Trace t;
  t.hosts = {{"server", 1, {}}, {"attacker", 2, {}}};
  SegmentRecord forged;
  forged.seg.flags = kSyn;
  forged.from_host = 1;
  forged.to_host = 0;
  t.segments.push_back(forged);
  Event e;
  e.type = EventType::send;
  e.host = 1;
  e.segment = 0;
  e.reason.why = Why::attacker_spoofed_syn;
  t.events.push_back(e);
  CHECK_FALSE(make_prediction(TraceIndex(t), 0, 1));
}

TEST_CASE("predict: the next predictable send skips forged segments", "[predict]") {
  Trace t = handshake();
  const auto first = next_predictable_send(TraceIndex(t), 0);
  REQUIRE(first);
  CHECK(t.events[*first].type == EventType::send);
  for (std::size_t i = 0; i < *first; ++i) CHECK(t.events[i].type != EventType::send);
  // From the send itself: that send; just after it: the next one.
  CHECK(next_predictable_send(TraceIndex(t), *first) == first);
  const auto second = next_predictable_send(TraceIndex(t), *first + 1);
  REQUIRE(second);
  CHECK(*second > *first);
  CHECK(t.events[*second].type == EventType::send);
  CHECK_FALSE(next_predictable_send(TraceIndex(t), t.events.size()));

  // A forged SYN before a real one: the real one is asked about.
  Trace flood;
  flood.hosts = {{"server", 1, {}}, {"attacker", 2, {}}};
  for (std::uint16_t from : {std::uint16_t{1}, std::uint16_t{0}}) {
    SegmentRecord r;
    r.seg.flags = from == 1 ? kSyn : kSyn | kAck;
    r.from_host = from;
    r.to_host = from == 1 ? 0 : 1;
    flood.segments.push_back(r);
    Event e;
    e.type = EventType::send;
    e.host = from;
    e.segment = static_cast<std::uint32_t>(flood.segments.size() - 1);
    e.reason.why = from == 1 ? Why::attacker_spoofed_syn : Why::syn_received_listen;
    flood.events.push_back(e);
  }
  CHECK(next_predictable_send(TraceIndex(flood), 0) == 1u);
  CHECK(make_prediction(TraceIndex(flood), 0, 1)->send_event == 1u);
}

TEST_CASE("predict: an answer starts empty, and empty is wrong", "[predict]") {
  Trace t = handshake();
  auto synack = make_prediction(TraceIndex(t), 0, 3);
  synack = make_prediction(TraceIndex(t), synack->send_event + 1, 3);
  REQUIRE(synack);
  const PredictAnswer empty;
  CHECK_FALSE(empty.flags);
  CHECK_FALSE(empty.ack);
  CHECK_FALSE(empty.next_state);
  const PredictResult r = check_prediction(t, *synack, empty, Lang::en);
  CHECK_FALSE(r.flags_right);
  CHECK_FALSE(r.ack_right);    // the SYN,ACK acknowledges: an ack number was expected
  CHECK_FALSE(r.state_right);  // and the server changes state
}
