// The playback cursor: steps, stepping back, seeking, scrubbing, playing at a speed in
// layout units, and the travelling arrow.
#include <catch2/catch.hpp>

#include "app/draw/diagram_layout.hpp"
#include "app/draw/playback.hpp"
#include "tests/support/trace_fixture.hpp"

using namespace synack;
using synack::test::TraceFixture;

namespace {

struct Fixture : TraceFixture {
  Layout layout;
  Fixture() {
    handshake();
    layout = layout_trace(trace());
  }
};

}  // namespace

TEST_CASE("playback: steps are sends, drops, states, app and queue events", "[playback]") {
  Fixture f;
  f.drop(40'000, f.segment(0, 1, kAck, 1, 1));  // a drop is a step of its own
  Event& q = f.push(40'000, EventType::queue, 1, Why::accept_queue_add);
  q.accept_queue = 1;
  f.layout = layout_trace(f.trace());
  Playback p(f.trace(), f.layout);
  std::size_t expected = 0;
  for (const Event& e : f.trace().events) {
    expected += e.type != EventType::recv && e.type != EventType::timer;
  }
  CHECK(p.step_count() == expected);
  for (std::size_t s = 1; s <= p.step_count(); ++s) {
    const Event& e = f.trace().events[p.step_event(s)];
    CHECK(e.type != EventType::recv);
    CHECK(e.type != EventType::timer);
    if (s > 1) CHECK(p.step_event(s) > p.step_event(s - 1));
  }
  CHECK(f.trace().events[p.step_event(p.step_count())].type == EventType::queue);
}

TEST_CASE("playback: stepping forward and back moves the cursor over the rows", "[playback]") {
  Fixture f;
  Playback p(f.trace(), f.layout);
  CHECK(p.step() == 0);
  CHECK(p.visible_events() == 0);
  CHECK_FALSE(p.playing());
  p.step_forward();
  CHECK(p.step() == 1);
  CHECK(p.visible_events() == p.step_event(1) + 1);
  CHECK(p.cursor_y() == f.layout.event_y[p.step_event(1)]);
  // Walk to the end and back: every position is the same on the way back, and the cursor
  // ends lower than it started.
  std::vector<double> ys{p.cursor_y()};
  while (p.step() < p.step_count()) {
    p.step_forward();
    // Calls and queue changes draw nothing of their own: they share the row before them.
    CHECK(p.cursor_y() >= ys.back());
    ys.push_back(p.cursor_y());
  }
  p.step_forward();  // past the end: stays
  CHECK(p.step() == p.step_count());
  CHECK(p.visible_events() == f.trace().events.size());
  for (std::size_t s = p.step_count(); s > 1; --s) {
    p.step_back();
    CHECK(p.step() == s - 1);
    CHECK(p.cursor_y() == ys[s - 2]);
  }
  p.step_back();
  p.step_back();  // before the start: stays
  CHECK(p.step() == 0);
  CHECK(p.visible_events() == 0);
}

TEST_CASE("playback: seek, scrub, start and end", "[playback]") {
  Fixture f;
  Playback p(f.trace(), f.layout);
  p.seek_step(4);
  CHECK(p.step() == 4);
  p.seek_step(1000);
  CHECK(p.step() == p.step_count());
  p.to_start();
  CHECK(p.step() == 0);
  p.to_end();
  CHECK(p.step() == p.step_count());
  CHECK(p.cursor_y() == p.end_y());

  // Scrubbing to just above step 6's row lands on step 5; on the row itself, step 6.
  const double y6 = f.layout.event_y[p.step_event(6)];
  p.seek_y(y6 - 0.5);
  CHECK(p.step() == 5);
  p.seek_y(y6);
  CHECK(p.step() == 6);
  CHECK(p.cursor_y() == y6);
  p.seek_y(-1e9);
  CHECK(p.step() == 0);
  p.seek_y(1e9);
  CHECK(p.step() == p.step_count());
}

TEST_CASE("playback: playing advances at the speed in layout units and stops at the end",
          "[playback]") {
  Fixture f;
  Playback p(f.trace(), f.layout);
  p.set_speed(100);
  CHECK(p.speed() == 100);
  CHECK_FALSE(p.advance(1.0));  // paused: nothing moves
  CHECK(p.cursor_y() == p.step_y(0));
  p.play();
  CHECK(p.playing());
  const double y0 = p.cursor_y();
  CHECK(p.advance(0.1));
  CHECK(p.cursor_y() == Approx(y0 + 10));
  // The step is the last whose row the cursor has passed.
  std::size_t expected = 0;
  while (expected < p.step_count() && p.step_y(expected + 1) <= p.cursor_y()) ++expected;
  CHECK(p.step() == expected);
  p.toggle();
  CHECK_FALSE(p.playing());
  p.toggle();
  // Long enough to pass the end: stops there, not beyond.
  bool moving = true;
  for (int i = 0; i < 100 && moving; ++i) moving = p.advance(0.5);
  CHECK_FALSE(moving);
  CHECK_FALSE(p.playing());
  CHECK(p.step() == p.step_count());
  CHECK(p.cursor_y() == p.end_y());
  CHECK(p.end_y() >= f.layout.arrows.back().y1);
  p.play();  // at the end, play starts over
  CHECK(p.step() == 0);
  CHECK(p.playing());
}

TEST_CASE("playback: the arrow being sent travels", "[playback]") {
  Fixture f;
  Playback p(f.trace(), f.layout);
  const Arrow& syn = f.layout.arrows[0];
  CHECK(p.arrow_progress(syn) == 0);  // not sent yet

  SECTION("playing: where the cursor crosses it") {
    p.set_speed(1000);
    p.play();
    while (p.cursor_y() < syn.y0) p.advance(0.001);
    const double half = (syn.y1 - syn.y0) / 2;
    p.advance((syn.y0 + half - p.cursor_y()) / 1000);
    CHECK(p.arrow_progress(syn) == Approx(0.5));
    while (p.cursor_y() < syn.y1) p.advance(0.01);
    CHECK(p.arrow_progress(syn) == 1.0);
  }
  SECTION("stepping: the stepped-to arrow animates at the speed, earlier ones are whole") {
    while (f.trace().events[p.step_event(p.step() + 1)].segment != syn.segment) p.step_forward();
    p.step_forward();
    CHECK(p.arrow_progress(syn) == 0.0);
    p.set_speed(syn.y1 - syn.y0);  // one arrow length per second
    CHECK(p.advance(0.25));
    CHECK(p.arrow_progress(syn) == Approx(0.25));
    CHECK_FALSE(p.advance(1.0));  // done: the GUI may sleep
    CHECK(p.arrow_progress(syn) == 1.0);
    CHECK(p.arrow_progress(f.layout.arrows[1]) == 0.0);
    p.step_forward();  // SYN,ACK
    CHECK(p.arrow_progress(syn) == 1.0);
    CHECK(p.arrow_progress(f.layout.arrows[1]) == 0.0);
    p.step_back();  // instant: nothing animates going back
    CHECK(p.arrow_progress(syn) == 1.0);
    CHECK_FALSE(p.advance(0.1));
  }
}

TEST_CASE("playback: an empty trace has no steps", "[playback]") {
  Trace t;
  Layout l = layout_trace(t);
  Playback p(t, l);
  CHECK(p.step_count() == 0);
  p.step_forward();
  p.play();
  CHECK_FALSE(p.advance(1));
  CHECK(p.step() == 0);
  CHECK(p.visible_events() == 0);
}

TEST_CASE("playback: beats group the steps the room sees as one change", "[playback][beats]") {
  Fixture f;
  Playback p(f.trace(), f.layout);
  // The fixture's handshake: listen() + LISTEN; connect() + SYN_SENT + SYN; SYN,ACK;
  // ESTABLISHED + connect() returns + ACK; the server's ESTABLISHED.
  REQUIRE(p.step_count() == 10);
  REQUIRE(p.beat_count() == 5);
  const std::vector<std::size_t> ends{2, 5, 6, 9, 10};
  for (std::size_t b = 1; b <= 5; ++b) CHECK(p.beat_end(b) == ends[b - 1]);
  CHECK(p.beat() == 0);

  p.step_forward_beat();
  CHECK(p.step() == 2);
  CHECK(p.beat() == 1);
  p.step_forward_beat();
  CHECK(p.step() == 5);
  CHECK(p.arrow_progress(f.layout.arrows[0]) == 0.0);  // the SYN travels
  CHECK(p.cursor_y() == p.step_y(5));

  // A fine step lands inside a beat; by beats it goes on to that beat's end, or back to the
  // end of the one before.
  p.seek_step(3);
  CHECK(p.beat() == 2);
  CHECK_FALSE(p.at_beat_end());
  p.step_forward_beat();
  CHECK(p.step() == 5);
  CHECK(p.at_beat_end());
  p.seek_step(3);
  p.step_back_beat();
  CHECK(p.step() == 2);
  p.step_back_beat();
  CHECK(p.step() == 0);
  p.step_back_beat();  // before the start: stays
  CHECK(p.step() == 0);
  p.seek_beat(4);
  CHECK(p.step() == 9);
  p.seek_beat(99);
  CHECK(p.step() == 10);
  p.step_forward_beat();  // past the end: stays
  CHECK(p.step() == 10);
}

TEST_CASE("playback: a beat's arrows travel together; revealing a send goes to its beat",
          "[playback][beats]") {
  SECTION("two segments sent at one instant") {
    TraceFixture f;
    using enum TcpState;
    f.state(0, 0, SYN_SENT, ESTABLISHED);
    auto one = f.segment(0, 1, kAck | kPsh, 1, 1, 100);
    auto two = f.segment(0, 1, kAck | kPsh, 101, 1, 100);
    f.send(0, one);
    f.send(0, two);
    f.recv(10'000, one);
    f.recv(10'000, two);
    f.state(10'000, 1, SYN_RECEIVED, ESTABLISHED);
    const Layout layout = layout_trace(f.trace());
    Playback p(f.trace(), layout);
    REQUIRE(p.beat_count() == 2);
    REQUIRE(layout.arrows.size() == 2);
    p.step_forward_beat();
    CHECK(p.step() == 3);
    CHECK(p.arrow_progress(layout.arrows[0]) == 0.0);
    CHECK(p.arrow_progress(layout.arrows[1]) == 0.0);
    double longest = 0;
    for (const Arrow& a : layout.arrows) longest = std::max(longest, a.y1 - a.y0);
    p.set_speed(longest);  // the longest arrow in one second
    CHECK(p.advance(0.5));
    CHECK(p.arrow_progress(layout.arrows[0]) == Approx(0.5));
    CHECK(p.arrow_progress(layout.arrows[1]) == Approx(0.5));
    CHECK_FALSE(p.advance(0.6));
    CHECK(p.arrow_progress(layout.arrows[0]) == 1.0);
    CHECK(p.arrow_progress(layout.arrows[1]) == 1.0);
  }
  SECTION("the handshake's ACK, asked about after the SYN") {
    Fixture f;
    Playback p(f.trace(), f.layout);
    p.seek_beat(2);  // the SYN shown
    const Arrow& synack = f.layout.arrows[1];
    const Arrow& ack = f.layout.arrows[2];
    p.reveal_beat_of(ack.send_event);
    CHECK(p.step() == 9);  // the end of the beat that sends the ACK
    CHECK(p.visible_events() > ack.send_event);
    CHECK(p.arrow_progress(synack) == 0.0);  // both arrows of the steps taken travel
    CHECK(p.arrow_progress(ack) == 0.0);
    p.reveal_beat_of(ack.send_event);  // already shown: nothing moves
    CHECK(p.step() == 9);
    p.reveal_beat_of(f.layout.arrows[0].send_event);
    CHECK(p.step() == 9);
  }
}
