// Catalog scenarios about flow control and congestion control (topics FC-xx, CC-xx, beyond
// the course material): each test runs one scenario and checks the fact it teaches from the
// trace, with the numbers the real Linux captures in tests/captures showed where there is one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
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

// The cwnd the host's last window event at or before `t` reported (0 before any).
std::uint32_t cwnd_at(const std::vector<Event>& w, Micros t) {
  std::uint32_t cwnd = 0;
  for (const Event& e : w) {
    if (e.t > t) break;
    cwnd = e.cwnd;
  }
  return cwnd;
}

// Data segments `host` sent (first transmissions and retransmissions), in order.
std::vector<Event> data_sends(const Trace& t, std::string_view host) {
  std::vector<Event> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && on(t, e, host) && t.segments[e.segment].seg.len > 0) {
      out.push_back(e);
    }
  }
  return out;
}

// When `host`'s program last completed a recv() with data.
Micros last_read(const Trace& t, std::string_view host) {
  Micros last = -1;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == AppCall::recv && e.result == AppResult::ok &&
        on(t, e, host)) {
      last = e.t;
    }
  }
  return last;
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

TEST_CASE("silly-window: only full segments, and freed space announced a segment at a time",
          "[catalog]") {
  Trace t = run_id("silly-window");
  constexpr std::uint32_t kMss = 1448;
  constexpr std::uint32_t kTotal = 80000;
  // The server's window field is scaled by the shift of its SYN-ACK.
  int shift = -1;
  for (const SegmentRecord& r : t.segments) {
    if (t.host_name(r.from_host) == "server" && r.seg.has(kSyn)) shift = r.seg.opt.wscale;
  }
  REQUIRE(shift == 1);  // SO_RCVBUF 65536 needs a scale of 1

  // Sender: every data segment is a full MSS except the one that carries the last byte.
  const std::vector<Event> sent = data_sends(t, "client");
  REQUIRE(sent.size() == (kTotal + kMss - 1) / kMss);
  for (const Event& e : sent) {
    const SegmentRecord& r = t.segments[e.segment];
    INFO("seq " << r.rel_seq << " at " << e.t << " us");
    if (r.rel_seq - 1 + r.seg.len < kTotal) CHECK(r.seg.len == kMss);
  }
  // ...though the window often had room for part of one. Replay what the client knew after
  // each of its window events: room = ACK + window - SND.NXT. Whenever cwnd did not hold it
  // back and data was still queued, the room left was less than a segment, and at least
  // once it was room the client chose not to use.
  std::uint32_t una = 1, nxt = 1;
  int held = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::recv && on(t, e, "client")) {
      const SegmentRecord& r = t.segments[e.segment];
      if (r.seg.has(kAck) && seq_gt(r.rel_ack, una)) una = r.rel_ack;
    }
    if (e.type == EventType::send && on(t, e, "client")) {
      const SegmentRecord& r = t.segments[e.segment];
      if (seq_gt(r.rel_seq + r.seg.len, nxt)) nxt = r.rel_seq + r.seg.len;
    }
    if (e.type != EventType::window || !on(t, e, "client")) continue;
    const auto room = static_cast<std::int64_t>(una) + e.peer_window - nxt;
    const bool queued = nxt - 1 < kTotal;
    if (!queued || e.in_flight >= e.cwnd) continue;
    INFO("window event at " << e.t << " us: room " << room);
    CHECK(room < kMss);
    if (room > 0) ++held;
  }
  CHECK(held >= 5);

  // Receiver: once the reader is the bottleneck, each window update opens the window by at
  // least a segment (two reads of 1000 bytes, never one), and the window it offers then is
  // never smaller than a segment.
  std::uint32_t edge = 0;
  int reads = 0, reads_at_last_update = 0, updates = 0;
  bool slow_phase = false;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && on(t, e, "server") && e.call == AppCall::recv &&
        e.result == AppResult::ok) {
      ++reads;
    }
    if (e.type != EventType::send || !on(t, e, "server")) continue;
    const SegmentRecord& r = t.segments[e.segment];
    if (r.seg.has(kSyn) || r.seg.has(kFin) || !r.seg.has(kAck)) continue;
    const std::uint32_t new_edge = r.rel_ack + (std::uint32_t{r.seg.win} << shift);
    slow_phase = slow_phase || e.reason.why == Why::window_update;
    if (seq_gt(new_edge, edge) && edge != 0) {
      INFO("server ACK at " << e.t << " us opens " << new_edge - edge << " bytes");
      CHECK(new_edge - r.rel_ack >= kMss);  // no window smaller than a segment is opened
      if (slow_phase) {
        CHECK(new_edge - edge >= kMss);
        CHECK(reads - reads_at_last_update >= 2);
        ++updates;
      }
      reads_at_last_update = reads;
    }
    if (edge == 0 || seq_gt(new_edge, edge)) edge = new_edge;
  }
  CHECK(updates >= 5);
}

TEST_CASE("send-buffer-full: send() blocks while SO_SNDBUF holds unacknowledged data",
          "[catalog]") {
  Trace t = run_id("send-buffer-full");
  constexpr std::int64_t kSndbuf = 8192;
  constexpr std::int64_t kWrite = 4000;
  // The client's send() calls in order, and the highest ACK it had received by then.
  struct Call {
    Micros t;
    AppResult result;
    std::int64_t acked;
  };
  std::vector<Call> calls;
  std::int64_t acked = 0;
  bool window_closed_while_blocked = false;
  bool blocked = false;
  for (const Event& e : t.events) {
    if (e.type == EventType::recv && on(t, e, "client")) {
      const SegmentRecord& r = t.segments[e.segment];
      if (r.seg.has(kAck) && !r.seg.has(kSyn)) {
        acked = std::max<std::int64_t>(acked, std::int64_t{r.rel_ack} - 1);
      }
    }
    if (e.type == EventType::window && on(t, e, "client") && e.peer_window == 0 && blocked) {
      window_closed_while_blocked = true;
    }
    if (e.type == EventType::app && on(t, e, "client") && e.call == AppCall::send) {
      calls.push_back({e.t, e.result, acked});
      blocked = e.result == AppResult::blocked;
    }
  }
  // Two writes fit the buffer and return at once; every later one blocks, then completes.
  REQUIRE(calls.size() == 2 + 3 * 2);
  CHECK(calls[0].result == AppResult::ok);
  CHECK(calls[1].result == AppResult::ok);
  CHECK(calls[1].t == calls[0].t);
  int completed = 0;
  for (const Call& c : calls) {
    if (c.result == AppResult::ok) {
      ++completed;
      // Everything written so far is in the kernel: unsent plus unacknowledged bytes fit.
      INFO("send() #" << completed << " returned at " << c.t << " us");
      CHECK(completed * kWrite - c.acked <= kSndbuf);
    } else {
      CHECK(c.result == AppResult::blocked);
      // It blocked because its bytes did not fit.
      CHECK((completed + 1) * kWrite - c.acked > kSndbuf);
    }
  }
  CHECK(completed == 5);
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == AppCall::send && e.result == AppResult::blocked) {
      CHECK(e.reason.why == Why::send_buffer_full);
    }
  }
  // The slow reader is what keeps the buffer full: its window closes while a send() waits.
  CHECK(window_closed_while_blocked);
  // A writer that goes to sleep on a full buffer first pushes what it queued (Linux tcp_push
  // before sk_stream_wait_memory): the segment holding the last byte then in the buffer
  // carries PSH. The buffer is full then, so that byte is SO_SNDBUF past what was ACKed: at
  // every send() that blocks, and whenever a woken writer fills the buffer again.
  std::set<std::int64_t> blocked_ends, possible_ends{1 + kSndbuf};  // seq just past that byte
  for (const Call& c : calls) {
    if (c.result == AppResult::blocked) blocked_ends.insert(1 + c.acked + kSndbuf);
  }
  for (const SegmentRecord& r : t.segments) {
    if (t.host_name(r.from_host) == "server" && r.seg.has(kAck) && !r.seg.has(kSyn))
      possible_ends.insert(std::int64_t{r.rel_ack} + kSndbuf);
  }
  REQUIRE(blocked_ends.size() == 3);
  auto holds_one_of = [](const std::set<std::int64_t>& ends, const SegmentRecord& r) {
    const auto hit = ends.lower_bound(std::int64_t{r.rel_seq} + 1);
    return hit != ends.end() && *hit <= std::int64_t{r.rel_seq} + r.seg.len;
  };
  int pushed_at_block = 0;
  for (const Event& e : data_sends(t, "client")) {
    const SegmentRecord& r = t.segments[e.segment];
    INFO("segment at seq " << r.rel_seq);
    if (holds_one_of(blocked_ends, r)) {
      CHECK(r.seg.has(kPsh));
      ++pushed_at_block;
    }
    if (r.seg.has(kPsh) && !r.seg.has(kFin)) CHECK(holds_one_of(possible_ends, r));
  }
  CHECK(pushed_at_block == 3);
  // send() returning is not delivery: the server's program reads the last byte long after.
  const Micros last_send = calls.back().t;
  CHECK(last_read(t, "server") - last_send >= 100'000);
  const Found<Event> close = app_event(t, "client", AppCall::close);
  REQUIRE(close);
  CHECK(close->t == last_send);
}

TEST_CASE("congestion-avoidance: after the loss, one more segment per round trip", "[catalog]") {
  Trace t = run_id("congestion-avoidance");
  std::vector<int> rounds;
  std::vector<Micros> starts;
  for (const auto& [when, n] : data_bursts(t, "client")) {
    rounds.push_back(n);
    starts.push_back(when);
  }
  REQUIRE(rounds.size() >= 8);
  CHECK(rounds[0] == 10);
  CHECK(rounds[1] == 20);  // slow start doubles
  const std::vector<Event> w = windows(t, "client");
  const Event* enter = first_window(w, Why::recovery_enter);
  const Event* exit = first_window(w, Why::recovery_exit);
  REQUIRE(enter != nullptr);
  REQUIRE(exit != nullptr);
  CHECK(enter->reason.b == 20);  // the window when the loss was found
  CHECK(enter->ssthresh == 10);  // Reno halves it
  CHECK(exit->cwnd == 10);       // and recovery ends there
  // Congestion avoidance: +1 segment per event, one event per round trip (40 ms).
  std::vector<Event> ai;
  for (const Event& e : w) {
    if (e.reason.why == Why::cwnd_avoidance) ai.push_back(e);
  }
  REQUIRE(ai.size() >= 10);
  CHECK(ai[0].cwnd == 11);
  for (std::size_t i = 1; i < ai.size(); ++i) {
    CHECK(ai[i].cwnd == ai[i - 1].cwnd + 1);
    CHECK(std::abs(ai[i].t - ai[i - 1].t - 40'000) <= 1'000);
    CHECK(ai[i].ssthresh == 10);
  }
  // On the wire: each round after the repair carries one segment more than the one before
  // (the last round only what was left).
  std::size_t first = 0;
  while (first < starts.size() && starts[first] <= exit->t) ++first;
  REQUIRE(first + 4 < rounds.size());
  for (std::size_t i = first + 1; i + 1 < rounds.size(); ++i) {
    INFO("round at " << starts[i] << " us");
    CHECK(rounds[i] == rounds[i - 1] + 1);
  }
}

TEST_CASE("reno-vs-cubic: the same loss, a line against a cubic curve", "[catalog]") {
  Trace t = run_id("reno-vs-cubic");
  constexpr Micros kRtt = 300'000;
  // The same segment is lost in both transfers.
  std::vector<std::uint32_t> lost;
  for (const Event& e : t.events) {
    if (e.type == EventType::drop) lost.push_back(t.segments[e.segment].rel_seq);
  }
  REQUIRE(lost.size() == 2);
  CHECK(lost[0] == lost[1]);

  const std::vector<Event> reno = windows(t, "reno-client");
  const std::vector<Event> cubic = windows(t, "cubic-client");
  const Event* reno_enter = first_window(reno, Why::recovery_enter);
  const Event* cubic_enter = first_window(cubic, Why::recovery_enter);
  REQUIRE(reno_enter != nullptr);
  REQUIRE(cubic_enter != nullptr);
  CHECK(reno_enter->reason.b == 20);
  CHECK(cubic_enter->reason.b == 20);
  CHECK(reno_enter->ssthresh == 10);   // Reno: half
  CHECK(cubic_enter->ssthresh == 14);  // CUBIC: 0.7 (717/1024)

  // Reno: exactly one segment per round trip, all the way.
  std::vector<Event> ai;
  for (const Event& e : reno) {
    if (e.reason.why == Why::cwnd_avoidance) ai.push_back(e);
  }
  REQUIRE(ai.size() >= 20);
  for (std::size_t i = 1; i < ai.size(); ++i) {
    CHECK(ai[i].cwnd == ai[i - 1].cwnd + 1);
    CHECK(std::abs(ai[i].t - ai[i - 1].t - kRtt) <= 1'000);
  }

  // CUBIC: growth per round trip, measured from the end of recovery: steep while far below
  // W_max = 20 (concave), nothing while at it (the plateau), then more and more (convex).
  const Event* exit = first_window(cubic, Why::recovery_exit);
  REQUIRE(exit != nullptr);
  CHECK(exit->cwnd == 14);
  Micros fin = -1;
  for (const Event& e : data_sends(t, "cubic-client")) {
    if (t.segments[e.segment].seg.has(kFin)) fin = e.t;
  }
  REQUIRE(fin > exit->t);
  std::vector<std::uint32_t> per_round;  // cwnd at the end of each round trip after recovery
  for (Micros at = exit->t; at <= fin; at += kRtt) per_round.push_back(cwnd_at(cubic, at));
  REQUIRE(per_round.size() >= 20);
  CHECK(per_round[3] - per_round[0] >= 5);  // concave: 14 -> 20 in three round trips
  int plateau = 0;
  for (std::uint32_t c : per_round) plateau += c == 20 ? 1 : 0;
  CHECK(plateau >= 5);  // flat around the old maximum
  const std::size_t n = per_round.size();
  const std::uint32_t late = per_round[n - 1] - per_round[n - 4];
  CHECK(late >= 15);  // convex: the last three round trips add more than the first three
  CHECK(late > per_round[3] - per_round[0]);
  for (const Event& e : cubic) {
    if (e.reason.why == Why::cwnd_cubic) CHECK(e.reason.b == 20);  // W_max remembered
  }
  // By the time CUBIC sends its last data its window is almost twice Reno's, and Reno is
  // still sending.
  CHECK(cwnd_at(cubic, fin) * 10 >= cwnd_at(reno, fin) * 18);
  Micros reno_fin = -1;
  for (const Event& e : data_sends(t, "reno-client")) {
    if (t.segments[e.segment].seg.has(kFin)) reno_fin = e.t;
  }
  CHECK(reno_fin - fin >= 3 * kRtt);
  // Both servers read everything and see end of file once.
  for (const char* server : {"reno-server", "cubic-server"}) {
    std::int64_t read = 0;
    int eofs = 0;
    for (const Event& e : t.events) {
      if (e.type != EventType::app || e.call != AppCall::recv || !on(t, e, server)) continue;
      if (e.result == AppResult::ok) read += e.value;
      if (e.result == AppResult::eof) ++eofs;
    }
    INFO(server);
    CHECK(read == 1'000'000);
    CHECK(eofs == 1);
  }
}

TEST_CASE("rack-vs-dupack: two segments after a hole are enough for RACK, not for counting",
          "[catalog]") {
  Trace t = run_id("rack-vs-dupack");
  constexpr std::uint32_t kHole = 10137;  // the 8th segment
  // Both servers saw the same thing: two segments beyond the hole, two duplicate ACKs.
  for (const char* server : {"rack-server", "dupack-server"}) {
    INFO(server);
    std::vector<Event> ooo = sends_because(t, server, Why::ack_out_of_order);
    REQUIRE(ooo.size() >= 2);
    CHECK(t.segments[ooo[0].segment].rel_ack == kHole);
    CHECK(t.segments[ooo[1].segment].rel_ack == kHole);
  }
  auto first_send_of = [&](std::string_view host, std::uint32_t seq) {
    for (const Event& e : data_sends(t, host)) {
      if (t.segments[e.segment].rel_seq == seq) return e.t;
    }
    return Micros{-1};
  };

  // RACK: the hole is declared lost by time, within about 1.5 round trips, and resent once.
  const std::vector<Event> rack = sends_because(t, "rack-client", Why::rack_retransmit);
  REQUIRE(rack.size() == 1);
  CHECK(t.segments[rack[0].segment].rel_seq == kHole);
  CHECK(rack[0].t - first_send_of("rack-client", kHole) <= 60'000);
  CHECK(sends_because(t, "rack-client", Why::data_rto).empty());
  CHECK(sends_because(t, "rack-client", Why::loss_probe).empty());
  const std::vector<Event> rack_windows = windows(t, "rack-client");
  const Event* rack_exit = first_window(rack_windows, Why::recovery_exit);
  REQUIRE(rack_exit != nullptr);
  CHECK(rack_exit->cwnd == rack_exit->ssthresh);  // fast recovery, no collapse

  // Counting SACKed segments: two is not three, so no fast retransmit ever; the tail-loss
  // probe repeats the last segment (already delivered: a D-SACK answers it); the RTO repairs.
  for (Why w : {Why::rack_retransmit, Why::fast_retransmit, Why::sack_retransmit}) {
    CHECK(sends_because(t, "dupack-client", w).empty());
  }
  const std::vector<Event> probe = sends_because(t, "dupack-client", Why::loss_probe);
  REQUIRE(probe.size() == 1);
  CHECK(t.segments[probe[0].segment].rel_seq == kHole + 2 * 1448);
  const std::vector<Event> rto = sends_because(t, "dupack-client", Why::data_rto);
  REQUIRE(rto.size() == 1);
  // Three duplicate ACKs did reach the client before its timeout (the two segments and the
  // probe), but only two segments were SACKed above the hole.
  int acks_of_hole = 0;
  for (const Event& e : t.events) {
    if (e.type != EventType::recv || !on(t, e, "dupack-client") || e.t >= rto[0].t) continue;
    if (t.segments[e.segment].rel_ack == kHole) ++acks_of_hole;
  }
  CHECK(acks_of_hole == 1 + 3);  // the ACK of segment 7, then three duplicates
  CHECK(t.segments[rto[0].segment].rel_seq == kHole);
  CHECK(rto[0].t - first_send_of("dupack-client", kHole) >= 300'000);
  const std::vector<Event> dupack_windows = windows(t, "dupack-client");
  const Event* loss = first_window(dupack_windows, Why::cwnd_loss);
  REQUIRE(loss != nullptr);
  CHECK(loss->cwnd == 1);
  // The data is complete at the server 300 ms later without RACK.
  CHECK(last_read(t, "dupack-server") - last_read(t, "rack-server") >= 300'000);
}
