// Anchoring narration to trace events, and which narration playback shows.
#include <catch2/catch.hpp>

#include <deque>

#include "app/run/narration.hpp"

using namespace synack;

namespace {

// A tiny hand-made trace: client SYN, server SYN,ACK, client state change, app call.
Trace make_trace() {
  Trace t;
  t.hosts = {{"client", 1, {}}, {"server", 2, {}}};
  auto segment = [&t](std::uint8_t flags) {
    SegmentRecord r;
    r.seg.flags = flags;
    t.segments.push_back(r);
    return static_cast<std::uint32_t>(t.segments.size() - 1);
  };
  std::deque<Event> events;  // filled in here, then packed into the trace
  auto event = [&events](EventType type, std::uint16_t host) -> Event& {
    Event e;
    e.type = type;
    e.host = host;
    events.push_back(e);
    return events.back();
  };
  event(EventType::app, 0).call = AppCall::connect;  // 0: result ok, from/to CLOSED
  event(EventType::app, 0).result = AppResult::blocked;
  events.back().call = AppCall::connect;              // 1
  event(EventType::send, 0).segment = segment(kSyn);  // 2
  Event& s3 = event(EventType::state, 0);             // 3: CLOSED -> SYN_SENT
  s3.to = TcpState::SYN_SENT;
  event(EventType::recv, 1).segment = 0;                     // 4
  event(EventType::send, 1).segment = segment(kSyn | kAck);  // 5
  Event& s6 = event(EventType::state, 1);                    // 6
  s6.to = TcpState::CLOSED;
  Event& t7 = event(EventType::timer, 0);  // 7
  t7.timer = TimerKind::syn_retransmit;
  t7.action = TimerAction::fired;
  event(EventType::send, 0).segment = segment(kSyn);  // 8: the retransmission
  for (const Event& e : events) t.events.push_back(e);
  return t;
}

Narration at(NarrationAnchor a) {
  return Narration{std::move(a), {"en", "zh"}, 0};
}

}  // namespace

TEST_CASE("anchors match on every field they set", "[narration]") {
  Trace t = make_trace();
  NarrationAnchor syn;
  syn.type = EventType::send;
  syn.flags = kSyn;
  NarrationAnchor retransmitted = syn;
  retransmitted.nth = 2;
  NarrationAnchor synack;
  synack.host = "server";
  synack.flags = kSyn | kAck;
  NarrationAnchor server_recv;
  server_recv.type = EventType::recv;
  server_recv.host = "server";
  NarrationAnchor blocked;
  blocked.call = AppCall::connect;
  blocked.result = AppResult::blocked;
  NarrationAnchor fired;
  fired.timer = TimerKind::syn_retransmit;
  fired.action = TimerAction::fired;
  NarrationAnchor third_syn = retransmitted;
  third_syn.nth = 3;
  auto anchors = anchor_narrations({at(syn), at(retransmitted), at(synack), at(server_recv),
                                    at(blocked), at(fired), at(third_syn)},
                                   t);
  using I = std::optional<std::size_t>;
  CHECK(anchors == std::vector<I>{2, 8, 5, 4, 1, 7, std::nullopt});
}

TEST_CASE("a field only matches events that carry it", "[narration]") {
  Trace t = make_trace();
  // Event 0 is an app event whose unused `to` is CLOSED, and event 1 a timer-less event
  // whose `timer` defaults to retransmit: neither may match.
  NarrationAnchor closed;
  closed.to = TcpState::CLOSED;
  NarrationAnchor listen_call;
  listen_call.call = AppCall::listen;  // the default `call` of every non-app event
  NarrationAnchor any_retransmit;
  any_retransmit.timer = TimerKind::retransmit;
  NarrationAnchor no_flags;
  no_flags.flags = 0;  // state events have no segment
  auto anchors =
      anchor_narrations({at(closed), at(listen_call), at(any_retransmit), at(no_flags)}, t);
  using I = std::optional<std::size_t>;
  CHECK(anchors == std::vector<I>{6, std::nullopt, std::nullopt, std::nullopt});
  // An empty anchor is the first event.
  CHECK(anchor_narrations({at({})}, t) == std::vector<I>{0});
}

TEST_CASE("playback shows the latest narration at or before the cursor", "[narration]") {
  using I = std::optional<std::size_t>;
  // Narration 0 at event 2, 1 unanchored, 2 at event 5, 3 also at event 5, 4 at event 3.
  std::vector<I> anchors = {2, std::nullopt, 5, 5, 3};
  CHECK(narration_at(anchors, 0) == std::nullopt);
  CHECK(narration_at(anchors, 1) == std::nullopt);
  CHECK(narration_at(anchors, 2) == I{0});
  CHECK(narration_at(anchors, 3) == I{4});
  CHECK(narration_at(anchors, 4) == I{4});
  CHECK(narration_at(anchors, 5) == I{3});  // tie: the later one in the file
  CHECK(narration_at(anchors, 100) == I{3});
  CHECK(narration_at({}, 3) == std::nullopt);
}
