// Where the sequence diagram puts things: lifelines, sloped arrows, lost and spoofed
// segments, retransmission links, state marks, timer bars and the compressed time axis.
#include <catch2/catch.hpp>

#include <chrono>

#include "app/diagram.hpp"
#include "app/diagram_layout.hpp"
#include "app/scenario_catalog.hpp"
#include "engine/simulator.hpp"
#include "trace_fixture.hpp"

using namespace synack;
using synack::test::TraceFixture;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

Trace run(const std::string& id, const RunOptions& options = {}) {
  return run_scenario(load_scenario_arg(kContent, id).spec, options);
}

// Every y of the layout must follow event order, and time <-> y must round-trip.
void check_mapping(const Trace& t, const Layout& l) {
  for (std::size_t i = 1; i < t.events.size(); ++i) {
    REQUIRE(l.event_y[i] >= l.event_y[i - 1]);
  }
  double last_y = -1;
  for (Micros tt = 0; tt <= t.end_time; tt += std::max<Micros>(1, t.end_time / 997)) {
    double y = l.y_of(tt);
    REQUIRE(y >= last_y);
    last_y = y;
    REQUIRE(l.time_of(y) == tt);
  }
  for (const auto& [tt, y] : l.time_marks) CHECK(l.time_of(l.y_of(tt)) == tt);
}

}  // namespace

TEST_CASE("layout: one lifeline per host, left to right in trace order", "[layout]") {
  TraceFixture f;
  f.add_host("attacker", (203u << 24) | 1);
  f.handshake();
  LayoutOptions o;
  Layout l = layout_trace(f.trace, o);
  REQUIRE(l.lifelines.size() == 3);
  CHECK(l.lifelines[0].name == "client");
  CHECK(l.lifelines[0].addr == "10.0.0.1");
  CHECK(l.lifelines[2].name == "attacker");
  CHECK(l.lifelines[0].x == o.margin_left);
  CHECK(l.lifelines[1].x - l.lifelines[0].x == o.lifeline_spacing);
  CHECK(l.lifelines[2].x - l.lifelines[1].x == o.lifeline_spacing);
  CHECK(l.width > l.lifelines[2].x);
  CHECK(l.event_y.size() == f.trace.events.size());
}

TEST_CASE("layout: handshake arrows slope from send to arrival, labelled as the CLI", "[layout]") {
  Trace t = run("handshake");
  LayoutOptions o;
  Layout l = layout_trace(t, o);
  std::size_t sends = 0;
  for (const Event& e : t.events) sends += e.type == EventType::send;
  REQUIRE(l.arrows.size() == sends);
  REQUIRE(l.arrows.size() >= 3);
  // The three-way handshake: client → server, server → client, client → server.
  CHECK(l.arrows[0].label == "SYN seq=0 len=0");
  CHECK(l.arrows[1].label == "SYN,ACK seq=0 ack=1 len=0");
  CHECK(l.arrows[2].label == "ACK seq=1 ack=1 len=0");
  CHECK(l.arrows[0].from == 0);
  CHECK(l.arrows[0].to == 1);
  CHECK(l.arrows[1].from == 1);
  CHECK(l.arrows[1].to == 0);
  for (const Arrow& a : l.arrows) {
    const Event& send = t.events[a.send_event];
    const Event& end = t.events[a.end_event];
    CHECK(send.type == EventType::send);
    CHECK(send.segment == a.segment);
    CHECK(end.type == EventType::recv);
    CHECK(end.segment == a.segment);
    CHECK(a.label == segment_label(t.segments[a.segment]));
    CHECK_FALSE(a.lost);
    CHECK(a.x0 == l.lifelines[a.from].x);
    CHECK(a.x1 == l.lifelines[a.to].x);
    CHECK(a.y0 == l.event_y[a.send_event]);
    CHECK(a.y1 == l.event_y[a.end_event]);
    // 10 ms one way is 20 units at 2 units/ms; the arrow still slopes by min_arrow_drop.
    CHECK(a.y1 - a.y0 >= o.min_arrow_drop);
  }
  // Arrows are in send order.
  for (std::size_t i = 1; i < l.arrows.size(); ++i) CHECK(l.arrows[i].y0 >= l.arrows[i - 1].y0);
  check_mapping(t, l);
}

TEST_CASE("layout: a lost segment ends half-way; a spoofed reply goes to nobody", "[layout]") {
  TraceFixture f;
  std::uint16_t attacker = f.add_host("attacker", (203u << 24) | 1);
  constexpr Addr kSpoofed = (198u << 24) | (51u << 16) | (100u << 8) | 7;
  auto syn = f.segment(0, 1, kSyn, 0, 0);
  f.send(0, syn);
  f.recv(10'000, syn);
  auto synack = f.segment(1, 0, kSyn | kAck, 0, 1);
  f.send(10'000, synack);
  f.recv(20'000, synack);  // the link's latency is 10 ms
  auto lost = f.segment(0, 1, kAck, 1, 1);
  f.send(20'000, lost);
  f.drop(20'000, lost);
  auto spoofed = f.segment(attacker, 1, kSyn, 0, 0, 0, kNoIndex, kSpoofed);
  f.send(30'000, spoofed, Why::attacker_spoofed_syn);
  f.recv(40'000, spoofed);
  auto reply = f.segment(1, kNoHost, kSyn | kAck, 0, 1, 0, kNoIndex, 0, kSpoofed);
  f.send(40'000, reply, Why::syn_received_listen);
  f.drop(40'000, reply, Why::net_no_host);

  LayoutOptions o;
  o.units_per_ms = 10;  // 10 ms = 100 units: the link's latency decides the slope
  Layout l = layout_trace(f.trace, o);
  REQUIRE(l.arrows.size() == 5);
  const Arrow& a = l.arrows[2];
  CHECK(a.lost);
  CHECK_FALSE(a.to_nobody);
  CHECK(f.trace.events[a.end_event].type == EventType::drop);
  CHECK(a.x1 == Approx((l.lifelines[0].x + l.lifelines[1].x) / 2));
  // Half of what the 10 ms crossing takes on this link.
  CHECK(a.y1 - a.y0 == Approx((l.arrows[1].y1 - l.arrows[1].y0) / 2).margin(o.min_row));

  const Arrow& s = l.arrows[3];
  CHECK(s.from == attacker);
  CHECK(s.label == "SYN seq=0 len=0 from 198.51.100.7");
  CHECK_FALSE(s.lost);

  const Arrow& r = l.arrows[4];
  CHECK(r.to_nobody);
  CHECK(r.lost);
  CHECK(r.to == attacker);  // drawn toward whoever forged the address it answers
  CHECK(r.label == "SYN,ACK seq=0 ack=1 len=0 to 198.51.100.7");
  CHECK(r.x1 == Approx((l.lifelines[1].x + l.lifelines[attacker].x) / 2));
  CHECK(r.y1 > r.y0);
}

TEST_CASE("layout: retransmissions link to the arrow of the first transmission", "[layout]") {
  RunOptions o;
  RuleSpec drop;
  drop.match.from = "server";
  drop.match.flags = kSyn | kAck;
  drop.match.nth = 1;
  o.extra_rules.push_back(drop);
  Trace t = run("handshake", o);
  Layout l = layout_trace(t);
  std::optional<std::size_t> first, again;
  for (std::size_t i = 0; i < l.arrows.size(); ++i) {
    const Arrow& a = l.arrows[i];
    if (t.segments[a.segment].seg.flags != (kSyn | kAck)) continue;
    if (!first) {
      first = i;
    } else if (!again) {
      again = i;
    }
  }
  REQUIRE(first);
  REQUIRE(again);
  CHECK(l.arrows[*first].lost);
  CHECK(l.arrows[*first].retransmit_of == kNoIndex);
  CHECK(l.arrows[*again].retransmit_of == *first);
  CHECK_FALSE(l.arrows[*again].lost);
  // The retransmission waited for the SYN-ACK timer (1 s): a gap longer than the threshold.
  CHECK(t.events[l.arrows[*again].send_event].t - t.events[l.arrows[*first].send_event].t >=
        kMicrosPerSec);
}

TEST_CASE("layout: state marks; the listening socket's own changes are marked", "[layout]") {
  TraceFixture f;
  using enum TcpState;
  f.state(0, 1, CLOSED, LISTEN).conn = 1;
  f.state(0, 0, CLOSED, SYN_SENT).conn = 1;
  f.state(10'000, 1, CLOSED, SYN_RECEIVED).conn = 2;
  f.state(30'000, 1, SYN_RECEIVED, ESTABLISHED).conn = 2;
  f.state(50'000, 1, LISTEN, CLOSED).conn = 1;
  Layout l = layout_trace(f.trace);
  REQUIRE(l.states.size() == 5);
  CHECK(l.states[0].listener);
  CHECK_FALSE(l.states[1].listener);
  CHECK_FALSE(l.states[2].listener);
  CHECK_FALSE(l.states[3].listener);
  CHECK(l.states[4].listener);  // the listener closing, not a connection
  CHECK(l.states[4].from == LISTEN);
  CHECK(l.states[4].to == CLOSED);
  for (const StateMark& s : l.states) {
    CHECK(s.y == l.event_y[s.event]);
    CHECK(s.lifeline == f.trace.events[s.event].host);
  }
}

TEST_CASE("layout: timer bars from armed to fired or cancelled, overlaps in slots", "[layout]") {
  TraceFixture f;
  auto timer = [&](Micros t, std::uint32_t conn, TimerKind k, TimerAction a) {
    Event& e = f.push(t, EventType::timer, 1, Why::timer_armed);
    e.conn = conn;
    e.timer = k;
    e.action = a;
  };
  using enum TimerAction;
  timer(0, 1, TimerKind::synack_retransmit, armed);
  timer(100, 2, TimerKind::synack_retransmit, armed);  // another request: overlaps
  timer(1'000'000, 1, TimerKind::synack_retransmit, fired);
  timer(1'000'000, 1, TimerKind::synack_retransmit, armed);  // backoff: a new bar
  timer(1'500'000, 2, TimerKind::synack_retransmit, cancelled);
  timer(2'000'000, 3, TimerKind::delayed_ack, armed);
  timer(2'010'000, 3, TimerKind::keepalive, armed);  // never ends: runs to the trace's end
  f.app(2'020'000, 0, AppCall::close, AppResult::ok);
  timer(2'500'000, 1, TimerKind::retransmit, armed);  // same slot of the socket: replaces
  f.app(3'000'000, 0, AppCall::close, AppResult::ok);

  Layout l = layout_trace(f.trace);
  REQUIRE(l.timers.size() == 6);
  const TimerBar& a = l.timers[0];
  CHECK(a.fired);
  CHECK(a.y0 == l.event_y[0]);
  CHECK(a.y1 == l.event_y[2]);
  const TimerBar& b = l.timers[1];
  CHECK_FALSE(b.fired);
  CHECK(b.y1 == l.event_y[4]);
  CHECK(a.slot != b.slot);  // both pending at once on the server
  CHECK(l.timers[2].kind == TimerKind::synack_retransmit);
  CHECK(l.timers[2].y0 == l.event_y[3]);
  CHECK(l.timers[2].y1 == l.event_y[8]);  // replaced by the data retransmission timer
  CHECK(l.timers[2].slot == a.slot);      // a's slot was free again
  CHECK(l.timers[4].kind == TimerKind::keepalive);
  CHECK(l.timers[4].y1 == Approx(l.y_of(f.trace.end_time)));
  for (const TimerBar& t : l.timers) CHECK(t.y1 >= t.y0);
}

TEST_CASE("layout: quiet periods compress, same-instant events spread, true time kept",
          "[layout]") {
  TraceFixture f;
  LayoutOptions o;
  f.app(0, 0, AppCall::connect, AppResult::blocked);
  f.app(0, 1, AppCall::listen, AppResult::ok);
  f.app(0, 1, AppCall::accept, AppResult::blocked);
  f.app(500'000, 0, AppCall::sleep, AppResult::ok);             // 0.5 s: drawn to scale
  f.app(32'500'000, 0, AppCall::close, AppResult::ok);          // 32 s of nothing
  f.app(32'500'000 + 3'000, 1, AppCall::close, AppResult::ok);  // 3 ms later
  Layout l = layout_trace(f.trace, o);
  const auto& y = l.event_y;
  // Same instant: one row each.
  CHECK(y[1] - y[0] == Approx(o.min_row));
  CHECK(y[2] - y[1] == Approx(o.min_row));
  // 0.5 s at 2 units/ms is 1000 units, counted from the instant's last row.
  CHECK(y[3] - y[2] == Approx(0.5 * 1000 * o.units_per_ms));
  CHECK(l.time_of(y[2] + 500) == 250'000);
  REQUIRE(l.gaps.size() == 1);
  const CompressedGap& g = l.gaps[0];
  CHECK(g.from == 500'000);
  CHECK(g.to == 32'500'000);
  CHECK(g.height == Approx(o.gap_height));
  CHECK(g.y == y[3]);
  CHECK(y[4] == Approx(g.y + g.height));
  CHECK(y[5] - y[4] == Approx(o.min_row));  // 3 ms would be 6 units: the row spacing wins
  // Whole height: 0.5 s drawn, 32 s folded into one band.
  CHECK(l.height < 2000);
  // y_of maps an instant to its top row; every row of the instant maps back to it.
  CHECK(l.y_of(0) == y[0]);
  CHECK(l.time_of(y[2]) == 0);
  CHECK(l.y_of(16'500'000) == Approx(g.y + g.height / 2));  // half-way through the gap
  CHECK(l.time_of(g.y + g.height / 2) == 16'500'000);
  check_mapping(f.trace, l);
}

TEST_CASE("layout: syn-flood lays out with no overlap of steps", "[layout]") {
  Trace t = run("syn-flood");
  Layout l = layout_trace(t);
  CHECK(t.events.size() > 1000);
  std::size_t to_nobody = 0;
  for (const Arrow& a : l.arrows) to_nobody += a.to_nobody;
  CHECK(to_nobody > 0);
  for (std::size_t i = 1; i < t.events.size(); ++i) {
    if (t.events[i].type == EventType::timer) continue;
    std::size_t j = i - 1;
    while (j > 0 && t.events[j].type == EventType::timer) --j;
    REQUIRE(l.event_y[i] > l.event_y[j]);  // rows never coincide
  }
  check_mapping(t, l);
}

TEST_CASE("layout: 200k events of a SYN flood lay out in well under a second", "[layout]") {
  TraceFixture f;
  std::uint16_t attacker = f.add_host("attacker", (203u << 24) | 1);
  constexpr int kSyns = 50'000;  // 4 events each: send, recv, reply, drop to nobody
  f.trace.segments.reserve(2 * kSyns);
  f.trace.events.reserve(4 * kSyns);
  for (int i = 0; i < kSyns; ++i) {
    Micros t = i * 100;  // 10k SYN/s
    Addr spoof = (198u << 24) | (51u << 16) | static_cast<Addr>(i % 65536);
    auto syn = f.segment(attacker, 1, kSyn, 0, 0, 0, kNoIndex, spoof);
    f.send(t, syn, Why::attacker_spoofed_syn);
    auto reply = f.segment(1, kNoHost, kSyn | kAck, 0, 1, 0, kNoIndex, 0, spoof);
    f.recv(t + 10'000, syn);
    f.send(t + 10'000, reply);
    f.drop(t + 10'000, reply, Why::net_no_host);
  }
  std::stable_sort(f.trace.events.begin(), f.trace.events.end(),
                   [](const Event& a, const Event& b) { return a.t < b.t; });
  auto start = std::chrono::steady_clock::now();
  Layout l = layout_trace(f.trace);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(l.arrows.size() == 2 * kSyns);
  CHECK(seconds < 1.0);  // Debug build; release is several times faster
  WARN("layout of " << f.trace.events.size() << " events: " << seconds * 1000 << " ms");
}
