// Catalog scenarios about flow control and congestion control (topics FC-xx, CC-xx, beyond
// the course material): each test runs one scenario and checks the fact it teaches from the
// trace, with the numbers the real Linux captures in tests/captures showed.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <vector>

#include "tests/support/catalog_fixture.hpp"

using namespace synack;
using namespace synack::catalog_test;

namespace {

// The client's window events, in order.
std::vector<Event> windows(const Trace& t, std::string_view host) {
  std::vector<Event> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::window && on(t, e, host)) out.push_back(e);
  }
  return out;
}

// Data segments `host` sent for the first time, counted per instant of sending.
std::map<Micros, int> data_bursts(const Trace& t, std::string_view host) {
  std::map<Micros, int> out;
  for (const Event& e : t.events) {
    if (e.type != EventType::send || !on(t, e, host)) continue;
    const SegmentRecord& r = t.segments[e.segment];
    if (r.seg.len > 0 && r.retransmit_of == kNoIndex) ++out[e.t];
  }
  return out;
}

std::vector<Event> sends_because(const Trace& t, std::string_view host, Why why) {
  std::vector<Event> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && on(t, e, host) && e.reason.why == why) out.push_back(e);
  }
  return out;
}

const Event* first_window(const std::vector<Event>& w, Why why) {
  for (const Event& e : w) {
    if (e.reason.why == why) return &e;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("slow-start: ten segments, then twice as many every round trip", "[catalog]") {
  Trace t = run_id("slow-start");
  std::vector<int> rounds;
  for (const auto& [when, n] : data_bursts(t, "client")) rounds.push_back(n);
  REQUIRE(rounds.size() >= 4);
  CHECK(rounds[0] == 10);  // RFC 6928's initial window
  CHECK(rounds[1] == 20);
  CHECK(rounds[2] == 40);
  const std::vector<Event> w = windows(t, "client");
  REQUIRE(!w.empty());
  CHECK(w.front().reason.why == Why::cwnd_initial);
  CHECK(w.front().cwnd == 10);
  for (const Event& e : w) {
    CHECK(e.ssthresh == kInfiniteSsthresh);  // no loss: slow start has no ceiling
    CHECK(e.in_flight <= e.cwnd);
  }
}

TEST_CASE("fast-recovery: RACK resends the hole, Reno halves cwnd, no timeout", "[catalog]") {
  Trace t = run_id("fast-recovery");
  const std::vector<Event> re = sends_because(t, "client", Why::rack_retransmit);
  REQUIRE(re.size() == 1);
  CHECK(t.segments[re[0].segment].rel_seq == 56473);  // the 40th segment, as in capture 13
  CHECK(sends_because(t, "client", Why::data_rto).empty());
  CHECK(sends_because(t, "client", Why::sack_retransmit).empty());  // no spurious repeat
  const std::vector<Event> w = windows(t, "client");
  const Event* enter = first_window(w, Why::recovery_enter);
  const Event* exit = first_window(w, Why::recovery_exit);
  REQUIRE(enter != nullptr);
  REQUIRE(exit != nullptr);
  CHECK(enter->ssthresh == enter->reason.b / 2);  // Reno: half the window in use
  CHECK(exit->cwnd == enter->ssthresh);           // recovery ends at ssthresh
  CHECK(exit->t - enter->t <= 50'000);            // about one round trip
  for (const Event& e : w) {
    if (e.t > enter->t && e.t < exit->t) CHECK(e.cwnd >= exit->cwnd);  // PRR: gradual
  }
}

TEST_CASE("rto-collapse: a timeout drops cwnd to one segment and ssthresh to half", "[catalog]") {
  Trace t = run_id("rto-collapse");
  const std::vector<Event> rto = sends_because(t, "client", Why::data_rto);
  REQUIRE(rto.size() == 1);
  const std::vector<Event> w = windows(t, "client");
  const Event* loss = first_window(w, Why::cwnd_loss);
  REQUIRE(loss != nullptr);
  CHECK(loss->cwnd == 1);
  CHECK(loss->ssthresh == 13);  // 26 in flight; capture 13-rto-reno: cwnd 1, ssthresh 13
  // The rest of the lost tail goes out as slow start reopens the window: 2, then 2 more.
  const std::vector<Event> rest = sends_because(t, "client", Why::loss_retransmit);
  REQUIRE(rest.size() == 4);
  CHECK(rest[0].t == rest[1].t);
  CHECK(rest[2].t == rest[3].t);
  CHECK(rest[2].t > rest[0].t);
  CHECK(sends_because(t, "client", Why::loss_probe).size() == 1);
}

TEST_CASE("zero-window: probes at a closed window, doubling, until a read reopens it",
          "[catalog]") {
  Trace t = run_id("zero-window");
  const std::vector<Event> probes = sends_because(t, "client", Why::window_probe);
  REQUIRE(probes.size() == 3);  // during the 3 s the server sleeps
  for (const Event& p : probes) {
    const SegmentRecord& r = t.segments[p.segment];
    CHECK(r.seg.len == 0);
    CHECK(r.rel_seq == 2896);  // SND.UNA - 1: a byte the server already has
  }
  const Micros gap1 = probes[1].t - probes[0].t;
  const Micros gap2 = probes[2].t - probes[1].t;
  CHECK(std::abs(gap2 - 2 * gap1) < 1'000);  // capture 14-zero-window: 432, 868 ms
  CHECK(gap1 >= 400'000);
  CHECK(gap1 <= 420'000);
  // Nothing but probes while the window is zero, and a window update when the server reads.
  const std::vector<Event> updates = sends_because(t, "server", Why::window_update);
  REQUIRE(!updates.empty());
  CHECK(updates[0].t >= 3'000'000);
  for (const Event& e : t.events) {
    if (e.type != EventType::send || !on(t, e, "client")) continue;
    if (e.t > probes[0].t && e.t < updates[0].t) CHECK(e.reason.why == Why::window_probe);
  }
  // Everything arrives in the end: the 20 000 bytes, then end of file.
  std::int64_t read = 0;
  int eofs = 0;
  for (const Event& e : t.events) {
    if (e.type != EventType::app || e.call != AppCall::recv || !on(t, e, "server")) continue;
    if (e.result == AppResult::ok) read += e.value;
    if (e.result == AppResult::eof) ++eofs;
  }
  CHECK(read == 20000);
  CHECK(eofs == 1);
}

TEST_CASE("nagle-delayed-ack and nagle-nodelay: 40 ms per round, or none", "[catalog]") {
  auto second_write_delays = [](const Trace& t) {
    std::vector<Micros> out;
    Micros first = -1;
    int n = 0;
    for (const Event& e : t.events) {
      if (e.type != EventType::send || !on(t, e, "client")) continue;
      if (t.segments[e.segment].seg.len != 100) continue;
      if (n++ % 2 == 0) {
        first = e.t;
      } else {
        out.push_back(e.t - first);
      }
    }
    return out;
  };
  const std::vector<Micros> nagle = second_write_delays(run_id("nagle-delayed-ack"));
  REQUIRE(nagle.size() == 5);
  CHECK(nagle[0] < 1'000);  // round 1: quick ACK
  for (std::size_t i = 1; i < nagle.size(); ++i) {
    CHECK(nagle[i] >= 40'000);  // capture 15-nagle-stall: 40.5 to 43.8 ms
    CHECK(nagle[i] < 41'000);
  }
  const std::vector<Micros> nodelay = second_write_delays(run_id("nagle-nodelay"));
  REQUIRE(nodelay.size() == 5);
  for (Micros d : nodelay) CHECK(d == 0);
}
