// Catalog scenarios about the listener's queues and keepalive: each test runs one scenario and
// checks the fact it teaches from the trace (which segments the server sends to whom, queue
// events, results of socket calls).
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "engine/simulator.hpp"
#include "tests/support/catalog_fixture.hpp"
#include "tests/support/found.hpp"

using namespace synack;
using namespace synack::catalog_test;

namespace {

Segment seg_of(const Trace& t, const Event& e) {
  return t.segments[e.segment].seg;
}

// The clients' local ports, in the order of their first SYN.
std::vector<std::uint16_t> client_ports(const Trace& t) {
  std::vector<std::uint16_t> ports;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && on(t, e, "client") && seg_of(t, e).flags == kSyn &&
        std::find(ports.begin(), ports.end(), seg_of(t, e).src.port) == ports.end()) {
      ports.push_back(seg_of(t, e).src.port);
    }
  }
  return ports;
}

// Segments `from` sent to local port `port` of the other side, with exactly `flags`, before
// `until` (exclusive).
std::vector<test::Found<Event>> sent_to(const Trace& t, std::string_view from, std::uint16_t port,
                                        std::uint8_t flags, Micros until = kNever) {
  std::vector<test::Found<Event>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && on(t, e, from) && seg_of(t, e).dst.port == port &&
        seg_of(t, e).flags == flags && e.t < until) {
      out.push_back(e);
    }
  }
  return out;
}

// Everything `from` sent to local port `port` of the other side.
int all_sent_to(const Trace& t, std::string_view from, std::uint16_t port) {
  return static_cast<int>(std::count_if(t.events.begin(), t.events.end(), [&](const Event& e) {
    return e.type == EventType::send && on(t, e, from) && seg_of(t, e).dst.port == port;
  }));
}

std::vector<test::Found<Event>> queue_events(const Trace& t, Why why) {
  std::vector<test::Found<Event>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::queue && e.reason.why == why) out.push_back(e);
  }
  return out;
}

std::vector<test::Found<Event>> app_results(const Trace& t, std::string_view host, AppCall call,
                                            AppResult r) {
  std::vector<test::Found<Event>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == call && e.result == r && on(t, e, host)) {
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("accept-queue-overflow: a full accept queue drops SYNs silently; exit resets the queue",
          "[catalog]") {
  Trace t = run_id("accept-queue-overflow");
  test::Found<Event> listen = app_event(t, "server", AppCall::listen);
  REQUIRE(listen != nullptr);
  const std::int64_t backlog = listen->value;
  REQUIRE(backlog == 1);
  test::Found<Event> exit = app_event(t, "server", AppCall::crash_process);
  REQUIRE(exit != nullptr);

  auto ports = client_ports(t);
  REQUIRE(ports.size() == 4);
  // backlog + 1 connections get in: the first two clients complete the handshake.
  auto queued = queue_events(t, Why::accept_queue_add);
  REQUIRE(queued.size() == static_cast<std::size_t>(backlog + 1));
  CHECK(queued.back()->accept_queue == backlog + 1);
  CHECK(app_results(t, "client", AppCall::connect, AppResult::ok).size() == 2);
  for (int i = 0; i < 2; ++i) {
    CHECK(sent_to(t, "server", ports[i], kSyn | kAck).size() == 1);
  }
  // Clients 3 and 4: every SYN dropped, never a SYN-ACK or an RST, so they retransmit until
  // their own 10 s timeout.
  auto drops = queue_events(t, Why::accept_queue_full_syn_drop);
  int late_syns = 0;
  for (int i = 2; i < 4; ++i) {
    CAPTURE(i);
    auto syns = sent_to(t, "client", 80, kSyn);
    const auto n = std::count_if(syns.begin(), syns.end(), [&](test::Found<Event> e) {
      return seg_of(t, *e).src.port == ports[i];
    });
    CHECK(n >= 3);  // the first SYN and retransmissions
    late_syns += static_cast<int>(n);
    CHECK(all_sent_to(t, "server", ports[i]) == 0);
  }
  CHECK(static_cast<int>(drops.size()) == late_syns);
  for (test::Found<Event> d : drops) {
    CHECK(d->accept_queue == backlog + 1);  // full: more than the backlog
  }
  auto timeouts = app_results(t, "client", AppCall::connect, AppResult::etimedout);
  REQUIRE(timeouts.size() == 2);
  CHECK(timeouts[0]->t < exit->t);
  // The process exits: the two queued connections get RST, and only they.
  for (int i = 0; i < 2; ++i) {
    auto rsts = sent_to(t, "server", ports[i], kRst | kAck);
    REQUIRE(rsts.size() == 1);
    CHECK(rsts[0]->t == exit->t);
  }
  CHECK(app_results(t, "client", AppCall::recv, AppResult::econnreset).size() == 2);
}

TEST_CASE(
    "accept-queue-abort: a final ACK on a full accept queue is RST only with "
    "tcp_abort_on_overflow=1",
    "[catalog]") {
  RunOptions zero;
  zero.sysctls = {{Knob::tcp_abort_on_overflow, 0}};
  Trace on1 = run_id("accept-queue-abort");
  Trace on0 = run_id("accept-queue-abort", zero);
  REQUIRE(sysctl(on1, "tcp_abort_on_overflow") == 1);
  REQUIRE(sysctl(on0, "tcp_abort_on_overflow") == 0);

  for (const Trace* t : {&on0, &on1}) {
    CAPTURE(t->sysctls);
    auto ports = client_ports(*t);
    REQUIRE(ports.size() == 4);
    test::Found<Event> close = app_event(*t, "server", AppCall::close);
    REQUIRE(close != nullptr);
    // Clients 1 and 2 fill the accept queue (backlog 1 holds 2), client 2 through its data.
    auto queued = queue_events(*t, Why::accept_queue_add);
    REQUIRE(queued.size() == 2);
    CHECK(queued.back()->accept_queue == 2);
    // Client 4 got a SYN cookie: the server keeps nothing, so while the listener is open it
    // sends client 4 exactly that SYN-ACK, whatever tcp_abort_on_overflow says. Once the
    // listener is closed, client 4's next retransmission meets a RST: it is told, and its
    // recv() fails with ECONNRESET.
    CHECK(all_sent_to(*t, "server", ports[3]) == 2);
    CHECK(sent_to(*t, "server", ports[3], kSyn | kAck).size() == 1);
    const auto late = sent_to(*t, "server", ports[3], kRst);
    REQUIRE(late.size() == 1);
    CHECK(late[0]->t > close->t);
    bool told = false;
    for (test::Found<Event> r : app_results(*t, "client", AppCall::recv, AppResult::econnreset)) {
      told |= r->t > late[0]->t;
    }
    CHECK(told);
    // Before the listener closes, the server sends no RST,ACK to anybody.
    for (auto p : ports) CHECK(sent_to(*t, "server", p, kRst | kAck, close->t).empty());
  }

  auto ports1 = client_ports(on1);
  auto ports0 = client_ports(on0);
  test::Found<Event> close1 = app_event(on1, "server", AppCall::close);
  test::Found<Event> close0 = app_event(on0, "server", AppCall::close);

  // abort_on_overflow=1: client 3's data, the ACK that would complete its handshake, is
  // answered with a bare RST, and its recv() fails; the SYN-ACK is never retransmitted.
  auto rst1 = sent_to(on1, "server", ports1[2], kRst, close1->t);
  REQUIRE(rst1.size() == 1);
  CHECK(queue_events(on1, Why::rst_accept_overflow).size() == 1);
  CHECK(queue_events(on1, Why::accept_queue_full_ack_drop).size() >= 1);  // client 4 (cookie)
  CHECK(sent_to(on1, "server", ports1[2], kSyn | kAck).size() == 1);
  auto reset = app_results(on1, "client", AppCall::recv, AppResult::econnreset);
  REQUIRE_FALSE(reset.empty());
  CHECK(reset.front()->t > rst1[0]->t);
  CHECK(reset.front()->t < close1->t);

  // abort_on_overflow=0: no RST at all before the close; the ACK is ignored and the server
  // keeps retransmitting its SYN-ACK to client 3, hoping accept() makes room.
  for (auto p : ports0) CHECK(sent_to(on0, "server", p, kRst, close0->t).empty());
  CHECK(queue_events(on0, Why::rst_accept_overflow).empty());
  auto synacks = sent_to(on0, "server", ports0[2], kSyn | kAck, close0->t);
  CHECK(synacks.size() >= 3);
  for (std::size_t i = 1; i < synacks.size(); ++i) {
    CHECK(on0.segments[synacks[i]->segment].retransmit_of == synacks[0]->segment);
  }
  for (test::Found<Event> e : app_results(on0, "client", AppCall::recv, AppResult::econnreset)) {
    CHECK(e->t > close0->t);  // only the listener's close resets anybody
  }
}

TEST_CASE("keepalive-live-peer: probes at snd_nxt - 1 are answered and the connection lives on",
          "[catalog]") {
  Trace t = run_id("keepalive-live-peer");
  constexpr Micros kIdle = 2 * kMicrosPerSec;  // TCP_KEEPIDLE of the scenario
  constexpr Micros kIntvl = 1 * kMicrosPerSec;

  std::vector<test::Found<Event>> probes;
  std::uint32_t snd_nxt = 0;  // relative, from what the client sent before each probe
  for (const Event& e : t.events) {
    if (e.type != EventType::send || !on(t, e, "client")) continue;
    const SegmentRecord& r = t.segments[e.segment];
    if (e.reason.why == Why::keepalive_probe) {
      CHECK(r.seg.flags == kAck);
      CHECK(r.seg.len == 0);
      CHECK(r.rel_seq == snd_nxt - 1);
      probes.push_back(e);
    } else {
      snd_nxt = std::max(snd_nxt, r.rel_seq + r.seg.seq_space());
    }
  }
  REQUIRE(probes.size() >= 3);

  for (test::Found<Event> p : probes) {
    // The server's answer: an ACK of everything, received by the client before the next
    // interval would have fired.
    const SegmentRecord& probe = t.segments[p->segment];
    test::Found<Event> answer = nullptr;
    for (const Event& e : t.events) {
      if (e.t > p->t && e.type == EventType::recv && on(t, e, "client") &&
          seg_of(t, e).flags == kAck && t.segments[e.segment].rel_ack == probe.rel_seq + 1) {
        answer = e;
        break;
      }
    }
    REQUIRE(answer != nullptr);
    CHECK(answer->t - p->t < kIntvl);
    // The answer restarts the idle time: the next probe comes an idle time later, not an
    // interval later, and counts from one again.
    CHECK(p->reason.a == 1);
    auto next = std::find_if(probes.begin(), probes.end(),
                             [&](test::Found<Event> q) { return q->t > answer->t; });
    if (next != probes.end()) CHECK((*next)->t - answer->t >= kIdle);
  }

  // Nobody resets anything; the reply arrives and the connection closes normally.
  for (const Event& e : t.events) {
    if (e.type == EventType::send) CHECK_FALSE(seg_of(t, e).has(kRst));
  }
  auto replies = app_results(t, "client", AppCall::recv, AppResult::ok);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0]->value == 5);
  CHECK(replies[0]->t > probes.back()->t);
}
