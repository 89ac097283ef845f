// Where the sequence diagram puts things: lifelines across the pane, sloped arrows and
// ladders, lost and spoofed segments, badges and timers in gutters, labels clear of lines,
// compressed quiet stretches, flood blocks.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/content/scenario_catalog.hpp"
#include "app/draw/diagram_layout.hpp"
#include "app/draw/diagram_rows.hpp"
#include "engine/simulator.hpp"
#include "tests/support/layout_check.hpp"
#include "tests/support/trace_fixture.hpp"

using namespace synack;
using synack::test::TraceFixture;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

Trace run(const std::string& id, const RunOptions& options = {}) {
  return run_scenario(load_scenario_arg(kContent, id).spec, options);
}

// Rows follow event order (arrivals of ladder arrows are pinned to their send instead),
// and time <-> y round-trips.
void check_mapping(const Trace& t, const Layout& l) {
  double last = -1;
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    if (t.events[i].type == EventType::recv) continue;
    REQUIRE(l.event_y[i] >= last);
    last = l.event_y[i];
  }
  double last_y = -1;
  for (Micros tt = 0; tt <= t.end_time; tt += std::max<Micros>(1, t.end_time / 997)) {
    const double y = l.y_of(tt);
    REQUIRE(y >= last_y);
    last_y = y;
    REQUIRE(l.time_of(y) == tt);
  }
}

const TextBox& label_of(const Layout& l, const Arrow& a) {
  REQUIRE(a.text < l.texts.size());
  return l.texts[a.text];
}

double y_on(const Arrow& a, double x) {
  return a.y0 + (a.y1 - a.y0) * (x - a.x0) / (a.x1 - a.x0);
}

}  // namespace

TEST_CASE("layout: lifelines spread across the pane, gutters outside them", "[layout]") {
  Trace t = run("handshake");
  LayoutOptions narrow, wide;
  narrow.width = 700;
  wide.width = 1400;
  const Layout a = layout_trace(t, narrow);
  const Layout b = layout_trace(t, wide);
  REQUIRE(a.lifelines.size() == 2);
  CHECK(a.lifelines[0].name == "client");
  CHECK(a.lifelines[1].addr == "10.0.0.2");
  CHECK(a.width == 700);
  // The span between the lifelines takes what the wider pane adds.
  CHECK(b.lifelines[1].x - b.lifelines[0].x ==
        Approx(a.lifelines[1].x - a.lifelines[0].x + 700).margin(1));
  CHECK(a.lifelines[0].x > a.axis_x);
  // Badges of the client on its left, of the server on its right, inside the pane.
  for (const StateMark& s : a.states) {
    const Box& box = a.texts[s.text].box;
    if (s.lifeline == 0) CHECK(box.x1 <= a.lifelines[0].x);
    if (s.lifeline == 1) CHECK(box.x0 >= a.lifelines[1].x);
    CHECK(box.x0 >= 0);
    CHECK(box.x1 <= a.width);
  }
  CHECK(a.event_y.size() == t.events.size());
}

TEST_CASE("layout: handshake arrows slope from send to arrival, labelled above them", "[layout]") {
  Trace t = run("handshake");
  LayoutOptions o;
  Layout l = layout_trace(t, o);
  std::size_t sends = 0;
  for (const Event& e : t.events) sends += e.type == EventType::send;
  REQUIRE(l.arrows.size() == sends);
  CHECK(l.arrows[0].label == "SYN seq=0 len=0");
  CHECK(l.arrows[1].label == "SYN,ACK seq=0 ack=1 len=0");
  CHECK(l.arrows[2].label == "ACK seq=1 ack=1 len=0");
  CHECK(l.arrows[1].from == 1);
  CHECK(l.arrows[1].to == 0);
  for (const Arrow& a : l.arrows) {
    CHECK(t.events[a.send_event].type == EventType::send);
    CHECK(t.events[a.end_event].type == EventType::recv);
    CHECK_FALSE(a.ladder);  // one segment in flight at a time
    CHECK(a.y0 == l.event_y[a.send_event]);
    CHECK(a.y1 == l.event_y[a.end_event]);
    // 10 ms would be a few pixels: the arrow still slopes visibly.
    CHECK(a.y1 - a.y0 >= 2 * o.font_px);
    // Its label is whole, above the line all along its width.
    const TextBox& label = label_of(l, a);
    CHECK(label.lines.front() == a.label);
    const double x0 = std::max(label.box.x0, std::min(a.x0, a.x1));
    const double x1 = std::min(label.box.x1, std::max(a.x0, a.x1));
    CHECK(label.box.y1 <= std::min(y_on(a, x0), y_on(a, x1)));
  }
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
  f.recv(20'000, synack);
  auto lost = f.segment(0, 1, kAck, 1, 1);
  f.send(20'000, lost);
  f.drop(20'000, lost);
  auto spoofed = f.segment(attacker, 1, kSyn, 0, 0, 0, kNoIndex, kSpoofed);
  f.send(30'000, spoofed, Why::attacker_spoofed_syn);
  f.recv(40'000, spoofed);
  auto reply = f.segment(1, kNoHost, kSyn | kAck, 0, 1, 0, kNoIndex, 0, kSpoofed);
  f.send(40'000, reply, Why::syn_received_listen);
  f.drop(40'000, reply, Why::net_no_host);

  Layout l = layout_trace(f.trace());
  REQUIRE(l.arrows.size() == 5);
  const Arrow& a = l.arrows[2];
  CHECK(a.lost);
  CHECK_FALSE(a.to_nobody);
  CHECK(f.trace().events[a.end_event].type == EventType::drop);
  CHECK(a.x1 == Approx((l.lifelines[0].x + l.lifelines[1].x) / 2));
  CHECK(a.y1 > a.y0);
  CHECK(label_of(l, a).lines.back().find("\u00d7 lost") != std::string::npos);

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
  CHECK(synack::test::layout_problems(l).empty());
}

TEST_CASE("layout: a retransmission links to its first transmission and says which it is",
          "[layout]") {
  RunOptions o;
  RuleSpec drop;
  drop.match.from = "server";
  drop.match.flags = kSyn | kAck;
  drop.match.nth = 1;
  o.extra_rules.push_back(drop);
  Trace t = run("handshake", o);
  LayoutOptions zh;
  zh.lang = Lang::zh;
  for (const LayoutOptions& lo : {LayoutOptions{}, zh}) {
    Layout l = layout_trace(t, lo);
    std::vector<std::size_t> synacks;
    for (std::size_t i = 0; i < l.arrows.size(); ++i) {
      if (t.segments[l.arrows[i].segment].seg.flags == (kSyn | kAck)) synacks.push_back(i);
    }
    REQUIRE(synacks.size() >= 2);
    CHECK(l.arrows[synacks[0]].lost);
    CHECK(l.arrows[synacks[0]].retransmit_of == kNoIndex);
    CHECK(l.arrows[synacks[1]].retransmit_of == synacks[0]);
    std::string text;
    for (const auto& line : label_of(l, l.arrows[synacks[1]]).lines) text += line + " ";
    CHECK(text.find(lo.lang == Lang::zh ? "第 1 次重传" : "retx #1") != std::string::npos);
  }
}

TEST_CASE("layout: state marks; the listening socket's own changes are marked", "[layout]") {
  TraceFixture f;
  using enum TcpState;
  f.state(0, 1, CLOSED, LISTEN).conn = 1;
  f.state(0, 0, CLOSED, SYN_SENT).conn = 1;
  f.state(10'000, 1, CLOSED, SYN_RECEIVED).conn = 2;
  f.state(30'000, 1, SYN_RECEIVED, ESTABLISHED).conn = 2;
  f.state(50'000, 1, LISTEN, CLOSED).conn = 1;
  Layout l = layout_trace(f.trace());
  REQUIRE(l.states.size() == 5);
  CHECK(l.states[0].listener);
  CHECK_FALSE(l.states[1].listener);
  CHECK_FALSE(l.states[2].listener);
  CHECK_FALSE(l.states[3].listener);
  CHECK(l.states[4].listener);  // the listener closing, not a connection
  CHECK(l.texts[l.states[0].text].lines.front() == "(LISTEN)");
  CHECK(l.texts[l.states[3].text].lines.front() == "ESTABLISHED");
  for (const StateMark& s : l.states) {
    CHECK(s.y == l.event_y[s.event]);
    // The badge is centred on its row.
    const Box& b = l.texts[s.text].box;
    CHECK((b.y0 + b.y1) / 2 == Approx(s.y));
  }
  // Two changes at one instant on one lifeline: the second badge waits for the first.
  CHECK(l.texts[l.states[1].text].box.y0 >= 0);
  CHECK(synack::test::layout_problems(l).empty());
}

TEST_CASE("layout: timer bars from armed to fired or cancelled, overlaps in lanes", "[layout]") {
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

  Layout l = layout_trace(f.trace());
  REQUIRE(l.timers.size() == 6);
  const TimerBar& a = l.timers[0];
  CHECK(a.fired);
  CHECK(a.y0 == l.event_y[0]);
  CHECK(a.y1 == l.event_y[2]);
  const TimerBar& b = l.timers[1];
  CHECK_FALSE(b.fired);
  CHECK(b.y1 == l.event_y[4]);
  CHECK(a.slot != b.slot);  // both pending at once on the server
  CHECK(a.x != b.x);        // in lanes side by side
  CHECK(l.timers[2].y0 == l.event_y[3]);
  CHECK(l.timers[2].y1 == l.event_y[8]);  // replaced by the data retransmission timer
  CHECK(l.timers[2].slot == a.slot);      // a's lane was free again
  CHECK(l.timers[4].kind == TimerKind::keepalive);
  CHECK(l.timers[4].y1 >= l.y_of(f.trace().end_time));
  // The server's lanes are outside its lifeline, away from the arrows.
  for (const TimerBar& t : l.timers) {
    CHECK(t.y1 >= t.y0);
    CHECK(t.x > l.lifelines[1].x);
  }
  // Names: the first bar of each run of the same timer (SYN,ACK RTO once, not per bar).
  std::vector<std::string> names;
  for (const TimerBar& t : l.timers) {
    if (t.text != kNoIndex) names.push_back(l.texts[t.text].lines.front());
  }
  CHECK(names == std::vector<std::string>{"SYN,ACK RTO", "delayed ACK", "keepalive", "RTO"});
}

TEST_CASE("layout: quiet stretches compress into a band; true time kept", "[layout]") {
  TraceFixture f;
  LayoutOptions o;
  f.state(0, 0, TcpState::CLOSED, TcpState::SYN_SENT);
  f.state(20'000, 0, TcpState::SYN_SENT, TcpState::ESTABLISHED);        // 20 ms: drawn to scale
  f.state(32'020'000, 0, TcpState::ESTABLISHED, TcpState::FIN_WAIT_1);  // 32 s of nothing
  Layout l = layout_trace(f.trace(), o);
  const auto& y = l.event_y;
  const double ms_px = o.ms_em * o.font_px;
  CHECK(y[1] - y[0] == Approx(20 * ms_px));
  REQUIRE(l.gaps.size() == 1);
  const CompressedGap& g = l.gaps[0];
  CHECK(g.from == 20'000);
  CHECK(g.to == 32'020'000);
  CHECK(g.height == Approx(o.gap_em * o.font_px));
  CHECK(g.y > y[1]);                                // below the badge hanging under the row
  CHECK(y[2] >= g.y + g.height + 0.5 * o.font_px);  // the next row clear of the band
  CHECK(y[2] - y[1] < 10 * o.font_px);              // 32 s take a few lines, not 64,000 px
  // The band's label says how long the stretch really was.
  REQUIRE(g.text < l.texts.size());
  CHECK(l.texts[g.text].lines.front() == "\u2026 32.0 s \u2026");
  check_mapping(f.trace(), l);
}

TEST_CASE("layout: segments in flight together form a ladder, an X stays sloped", "[layout]") {
  Layout burst = layout_trace(run("sack"));
  std::vector<const Arrow*> data;
  for (const Arrow& a : burst.arrows) {
    if (a.ladder) data.push_back(&a);
  }
  REQUIRE(data.size() >= 5);  // the five data segments and their ACKs
  for (std::size_t k = 1; k < data.size(); ++k) {
    // Nearly flat, each below the one before it: no two cross.
    CHECK(data[k]->y1 - data[k]->y0 < burst.font_px);
    CHECK(data[k]->y0 > std::max(data[k - 1]->y0, data[k - 1]->y1));
  }
  Layout x = layout_trace(run("simultaneous-open"));
  REQUIRE(x.arrows.size() >= 2);
  const Arrow& a = x.arrows[0];
  const Arrow& b = x.arrows[1];
  CHECK_FALSE(a.ladder);
  CHECK_FALSE(b.ladder);
  CHECK(a.from != b.from);
  // The two SYNs cross: each starts above where the other ends.
  CHECK(a.y0 < b.y1);
  CHECK(b.y0 < a.y1);
  CHECK(synack::test::layout_problems(x).empty());
}

TEST_CASE("layout: spacing scales with the text size", "[layout]") {
  Trace t = run("lifecycle");
  LayoutOptions small, big;
  small.width = big.width = 1200;
  big.font_px = 34;
  const Layout a = layout_trace(t, small);
  const Layout b = layout_trace(t, big);
  CHECK(b.height > 1.7 * a.height);
  CHECK(b.height < 2.8 * a.height);  // labels wrap a little more in the same pane
  CHECK(b.header_height > 1.8 * a.header_height);
  CHECK(synack::test::layout_problems(a).empty());
  CHECK(synack::test::layout_problems(b).empty());
}

TEST_CASE("layout: a SYN flood folds into blocks, the real client's segments stay apart",
          "[layout]") {
  Trace t = run("syn-flood");
  LayoutOptions o;
  o.width = 1200;
  Layout l = layout_trace(t, o);
  CHECK(t.events.size() > 1000);
  REQUIRE_FALSE(l.floods.empty());
  std::size_t folded = 0, labelled = 0;
  for (const Arrow& a : l.arrows) {
    folded += a.flood;
    labelled += a.text != kNoIndex;
    CHECK((a.flood == (a.text == kNoIndex)));
  }
  CHECK(folded > 1000);
  CHECK(labelled >= 5);  // the client's handshake, data and teardown, at least
  for (const FloodBlock& b : l.floods) {
    REQUIRE(b.text < l.texts.size());
    CHECK(l.texts[b.text].lines.front().starts_with("\u00d7 "));
  }
  // A few hundred pixels per block, not one row per spoofed SYN.
  CHECK(l.height < 200 * o.font_px);
  CHECK(synack::test::layout_problems(l).empty());
  check_mapping(t, l);
}

TEST_CASE("layout: the text size is capped where the pane is too narrow for it", "[layout]") {
  CHECK(diagram_font_px(1864, 60, 2) == 60);
  CHECK(diagram_font_px(968, 60, 2) < 60);
  CHECK(diagram_font_px(968, 60, 2) * 30 <= 968);
  CHECK(diagram_font_px(968, 60, 3) < diagram_font_px(968, 60, 2));  // more lifelines
  CHECK(diagram_font_px(968, 12, 2) == 12);
}
