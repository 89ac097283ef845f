// Beats: the presenter's clicker moves by what the room sees change. Over every catalog
// scenario each beat shows something new, beats partition the steps, and moving by beats
// forward and back lands on the same steps; a few scenarios are checked by hand.
#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "app/draw/diagram_layout.hpp"
#include "app/draw/playback.hpp"
#include "app/run/beats.hpp"
#include "app/run/narration.hpp"
#include "engine/simulator.hpp"
#include "tests/support/trace_fixture.hpp"

using namespace synack;
using synack::test::TraceFixture;

namespace {

// A scenario as the window opens it: trace, layout, narration anchors and the cursor.
struct Opened {
  Scenario scenario;
  Trace trace;
  Layout layout;
  std::vector<std::optional<std::size_t>> anchors;
  std::unique_ptr<Playback> playback;

  explicit Opened(const std::string& id)
      : scenario(load_scenario_arg(find_content_dir(), id)),
        trace(run_scenario(scenario.spec)),
        layout(layout_trace(trace)),
        anchors(anchor_narrations(scenario.narration, trace)),
        playback(std::make_unique<Playback>(trace, layout, anchors)) {}
};

// What the diagram draws, as the issue lists it: an arrow, a cross, a state badge, a timer
// bar starting or firing.
bool draws(const Event& e) {
  return e.type == EventType::send || e.type == EventType::drop || e.type == EventType::state ||
         (e.type == EventType::timer &&
          (e.action == TimerAction::armed || e.action == TimerAction::fired));
}

// The paragraph the caption shows with events [0, visible) on screen.
std::optional<std::size_t> paragraph(const Opened& o, std::size_t visible) {
  if (visible == 0) return std::nullopt;
  return narration_at(o.anchors, visible - 1);
}

}  // namespace

TEST_CASE("beats: every beat of every catalog scenario shows a change", "[beats][catalog]") {
  const Catalog catalog = load_catalog(find_content_dir());
  REQUIRE(catalog.entries.size() >= 40);
  for (const CatalogEntry& entry : catalog.entries) {
    INFO("scenario " << entry.id);
    Opened o(entry.id);
    Playback& p = *o.playback;
    REQUIRE(p.step_count() > 0);
    REQUIRE(p.beat_count() > 0);
    CHECK(p.beat_count() <= p.step_count());

    // Beats partition the steps in order: each ends after the previous one, the last at the
    // last step, and every step belongs to the beat whose range holds it.
    CHECK(p.beat_end(0) == 0);
    CHECK(p.beat_end(p.beat_count()) == p.step_count());
    for (std::size_t b = 1; b <= p.beat_count(); ++b) {
      INFO("beat " << b);
      REQUIRE(p.beat_end(b) > p.beat_end(b - 1));
      for (std::size_t s = p.beat_end(b - 1) + 1; s <= p.beat_end(b); ++s) {
        CHECK(p.beat_of_step(s) == b);
      }
    }

    // Each beat brings into view something drawn or the caption's next paragraph.
    std::size_t seen = 0;
    for (std::size_t b = 1; b <= p.beat_count(); ++b) {
      INFO("beat " << b << " of " << p.beat_count());
      p.seek_beat(b - 1);
      const std::size_t before = p.visible_events();
      const auto paragraph_before = paragraph(o, before);
      p.seek_beat(b);
      CHECK(p.beat() == b);
      CHECK(p.at_beat_end());
      const std::size_t after = p.visible_events();
      bool drawn = false;
      for (std::size_t i = before; i < after; ++i) drawn = drawn || draws(o.trace.events[i]);
      CHECK((drawn || paragraph(o, after) != paragraph_before));
      seen += after - before;
    }
    CHECK(seen == o.trace.events.size());

    // Forward by beats to the end, then back: the same steps in reverse, ending at 0.
    p.to_start();
    std::vector<std::size_t> forward{0};
    while (true) {
      p.step_forward_beat();
      if (p.step() == forward.back()) break;
      forward.push_back(p.step());
    }
    CHECK(forward.size() == p.beat_count() + 1);
    CHECK(forward.back() == p.step_count());
    for (std::size_t k = forward.size() - 1; k > 0; --k) {
      p.step_back_beat();
      CHECK(p.step() == forward[k - 1]);
    }
  }
}

TEST_CASE("beats: handshake, ack-lost and syn-flood, counted by hand", "[beats][catalog]") {
  SECTION("handshake: one beat per visible change") {
    Opened o("handshake");
    // From `synack run handshake` (33 steps): each instant on one host is a beat, and each
    // shows a segment or a state badge:
    //   0 ms server [LISTEN] (+ listen(), queues, accept() ...)            1
    //   0 ms client connect() ... [SYN_SENT] SYN                            2
    //  10 ms server [SYN_RECEIVED] (+ queues) SYN,ACK                       3
    //  20 ms client [ESTABLISHED] ACK (+ connect() = ok)                    4
    //  30 ms server [ESTABLISHED] (+ queues, accept() = ok, recv() ...)     5
    //  10.020 s client close() [FIN_WAIT_1] FIN                             6
    //  10.030 s server [CLOSE_WAIT] ... [LAST_ACK] FIN, listener [CLOSED]   7
    //  10.040 s client [FIN_WAIT_2] [TIME_WAIT] ACK                         8
    //  10.050 s server [CLOSED]                                             9
    //  70.040 s client [CLOSED]                                            10
    // No instant holds two narration paragraphs, so none is split.
    CHECK(o.playback->step_count() == 33);
    CHECK(o.playback->beat_count() == 10);
    // The old complaint: steps 14 to 19 changed nothing; they are now inside beats 5 and 6.
    CHECK(o.playback->beat_of_step(14) == 5);
    CHECK(o.playback->beat_of_step(19) == 6);
  }
  SECTION("ack-lost: the first beat already shows something") {
    Opened o("ack-lost");
    Playback& p = *o.playback;
    p.step_forward_beat();
    CHECK(p.beat() == 1);
    bool drawn = false;
    for (std::size_t i = 0; i < p.visible_events(); ++i) drawn = drawn || draws(o.trace.events[i]);
    CHECK(drawn);
  }
  SECTION("syn-flood: the flood folds") {
    Opened o("syn-flood");
    CHECK(o.playback->step_count() > 2000);
    CHECK(o.playback->beat_count() < 60);
    // Every narration paragraph still gets its beat: the caption shows each one.
    std::set<std::size_t> shown;
    for (std::size_t b = 1; b <= o.playback->beat_count(); ++b) {
      o.playback->seek_beat(b);
      if (auto at = paragraph(o, o.playback->visible_events())) shown.insert(*at);
    }
    std::set<std::size_t> anchored;
    for (std::size_t k = 0; k < o.anchors.size(); ++k) {
      // A paragraph anchored at the same event as a later one is never shown, not even by
      // steps (narration_at picks the later one).
      bool superseded = false;
      for (std::size_t j = k + 1; j < o.anchors.size(); ++j) {
        superseded = superseded || (o.anchors[k] && o.anchors[j] == o.anchors[k]);
      }
      if (o.anchors[k] && !superseded) anchored.insert(k);
    }
    CHECK(shown == anchored);
  }
}

// A hand-built trace: which groups become beats.
TEST_CASE("beats: grouping by instant and host, what rides along, paragraphs", "[beats]") {
  TraceFixture f;
  using enum TcpState;
  f.app(0, 0, AppCall::connect, AppResult::blocked);  // e0
  f.state(0, 0, CLOSED, SYN_SENT);                    // e1
  auto syn = f.segment(0, 1, kSyn, 0, 0);
  f.send(0, syn);                                           // e2
  f.recv(10'000, syn);                                      // e3 (not a step)
  f.push(10'000, EventType::queue, 1, Why::syn_queue_add);  // e4: draws nothing
  f.app(10'000, 1, AppCall::accept, AppResult::blocked);    // e5: draws nothing
  f.state(20'000, 0, SYN_SENT, CLOSED);                     // e6
  const std::vector<std::size_t> steps{0, 1, 2, 4, 5, 6};
  using Ends = std::vector<std::size_t>;

  // The client's instant is one beat; the server's app and queue steps ride with the next.
  CHECK(find_beats(f.trace(), steps, {}) == Ends{3, 6});
  // A paragraph anchored at the queue change gives it a beat: the caption changes there.
  CHECK(find_beats(f.trace(), steps, {4}) == Ends{3, 5, 6});
  // A paragraph anchored at the reception shows with the next step, the queue change.
  CHECK(find_beats(f.trace(), steps, {3}) == Ends{3, 5, 6});
  // Two paragraphs in one instant: the second starts a beat of its own.
  CHECK(find_beats(f.trace(), steps, {1, 2}) == Ends{2, 3, 6});
  CHECK(find_beats(f.trace(), steps, {2, 1}) == Ends{2, 3, 6});
  // One paragraph in one instant: no split.
  CHECK(find_beats(f.trace(), steps, {1}) == Ends{3, 6});

  // What draws nothing at the very end rides with the last beat.
  f.app(30'000, 1, AppCall::close, AppResult::ok);  // e7
  CHECK(find_beats(f.trace(), {0, 1, 2, 4, 5, 6, 7}, {}) == Ends{3, 7});
  // A timer armed or fired draws a bar; a cancelled one does not.
  Event& timer = f.push(30'000, EventType::timer, 1, Why::none);  // e8
  timer.action = TimerAction::cancelled;
  f.app(30'000, 1, AppCall::listen, AppResult::ok);  // e9
  CHECK(find_beats(f.trace(), {0, 1, 2, 4, 5, 6, 7, 9}, {}) == Ends{3, 8});
  f.events[8].action = TimerAction::fired;
  CHECK(find_beats(f.trace(), {0, 1, 2, 4, 5, 6, 7, 9}, {}) == Ends{3, 6, 8});

  CHECK(find_beats(f.trace(), {}, {}).empty());
}

TEST_CASE("beats: a flood run is one beat", "[beats]") {
  TraceFixture f;
  const auto attacker = f.add_host("attacker", (10u << 24) | 3);
  const Addr spoofed = (198u << 24) | (51u << 16) | (100u << 8);
  using enum TcpState;
  f.state(0, 1, CLOSED, LISTEN);  // e0
  std::vector<std::size_t> steps{0};
  for (std::uint32_t k = 0; k < 20; ++k) {
    const Micros t = 1000 + k * 100;
    auto s = f.segment(attacker, 1, kSyn, 0, 0, 0, kNoIndex, spoofed + k);
    steps.push_back(f.trace().events.size());
    f.send(t, s, Why::attacker_spoofed_syn);
    f.recv(t + 10, s);
    auto reply = f.segment(1, kNoHost, kSyn | kAck, 0, 1, 0, kNoIndex, 0, spoofed + k);
    steps.push_back(f.trace().events.size());
    f.send(t + 10, reply);
  }
  const std::size_t flood_end = steps.size();
  steps.push_back(f.trace().events.size());
  f.state(5000, 0, CLOSED, SYN_SENT);  // the real client, after the flood
  CHECK(find_beats(f.trace(), steps, {}) == std::vector<std::size_t>{1, flood_end, steps.size()});
  // One paragraph inside the flood does not split it; a second one starts a beat.
  CHECK(find_beats(f.trace(), steps, {steps[3]}) ==
        std::vector<std::size_t>{1, flood_end, steps.size()});
  CHECK(find_beats(f.trace(), steps, {steps[3], steps[20]}) ==
        std::vector<std::size_t>{1, 20, flood_end, steps.size()});
}
