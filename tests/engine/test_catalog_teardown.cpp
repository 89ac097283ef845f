// Catalog scenarios about the close and liveness: each test runs one scenario and checks the
// fact it teaches from the trace (times, flags, states, results of socket calls).
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

// Segments `host` put on the wire (dropped ones included) with exactly `flags`.
std::vector<test::Found<Event>> sent(const Trace& t, std::string_view host, std::uint8_t flags) {
  std::vector<test::Found<Event>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && on(t, e, host) && t.segments[e.segment].seg.flags == flags) {
      out.push_back(e);
    }
  }
  return out;
}

// Segments `host` received with exactly `flags`.
std::vector<test::Found<Event>> received(const Trace& t, std::string_view host,
                                         std::uint8_t flags) {
  std::vector<test::Found<Event>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::recv && on(t, e, host) && t.segments[e.segment].seg.flags == flags) {
      out.push_back(e);
    }
  }
  return out;
}

int dropped(const Trace& t, std::string_view host) {
  return static_cast<int>(std::count_if(t.events.begin(), t.events.end(), [&](const Event& e) {
    return e.type == EventType::drop && on(t, e, host);
  }));
}

// The first state change of `host` into `s` at or after `from`.
test::Found<Event> state_event(const Trace& t, std::string_view host, TcpState s, Micros from = 0) {
  for (const Event& e : t.events) {
    if (e.type == EventType::state && on(t, e, host) && e.to == s && e.t >= from) return e;
  }
  return nullptr;
}

std::vector<test::Found<Event>> timers(const Trace& t, std::string_view host, TimerKind k,
                                       TimerAction a) {
  std::vector<test::Found<Event>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::timer && on(t, e, host) && e.timer == k && e.action == a) {
      out.push_back(e);
    }
  }
  return out;
}

// Results of `call` on `host` once returned (not the "blocked" record).
std::vector<AppResult> results(const Trace& t, std::string_view host, AppCall call) {
  std::vector<AppResult> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == call && e.result != AppResult::blocked &&
        on(t, e, host)) {
      out.push_back(e.result);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("fin-lost: the lost FIN is sent again one RTO later and the close completes",
          "[catalog]") {
  Trace t = run_id("fin-lost");
  auto fins = sent(t, "client", kFin | kAck);
  REQUIRE(fins.size() == 2);
  CHECK(dropped(t, "client") == 1);
  const SegmentRecord& first = t.segments[fins[0]->segment];
  const SegmentRecord& second = t.segments[fins[1]->segment];
  CHECK(second.rel_seq == first.rel_seq);  // the same FIN, not a new one
  CHECK(second.retransmit_of == fins[0]->segment);
  // It left when the retransmission timer fired: at least the 200 ms minimum RTO later.
  auto fired = timers(t, "client", TimerKind::retransmit, TimerAction::fired);
  REQUIRE_FALSE(fired.empty());
  CHECK(fired[0]->t == fins[1]->t);
  CHECK(fins[1]->t - fins[0]->t >= 200 * kMicrosPerMs);
  // Until then the client sat in FIN_WAIT_1; the rest of the close is the normal one.
  test::Found<Event> fw2 = state_event(t, "client", TcpState::FIN_WAIT_2);
  REQUIRE(fw2 != nullptr);
  CHECK(fw2->t > fins[1]->t);
  CHECK(state_event(t, "client", TcpState::TIME_WAIT) != nullptr);
  CHECK(results(t, "server", AppCall::recv) == std::vector<AppResult>{AppResult::eof});
}

TEST_CASE("fin-lost-orphan: the orphan gives up after tcp_orphan_retries; 0 means 8", "[catalog]") {
  Scenario sc = load_scenario_arg(find_content_dir(), "fin-lost-orphan");
  Trace t = run_scenario(sc.spec, RunOptions{});
  const std::int64_t retries = sysctl(t, "tcp_orphan_retries");
  REQUIRE(retries > 0);
  auto fins = sent(t, "client", kFin | kAck);
  REQUIRE(fins.size() >= 2);
  // A time budget, not a count: (2^(n+1) - 1) x 200 ms from the first retransmission.
  // Every retransmission leaves inside it and the give-up comes after it; with n = 2 (a
  // 1.4 s budget and a 220 ms RTO) that is three retransmissions, one more than n.
  const Micros budget = ((Micros{2} << retries) - 1) * 200 * kMicrosPerMs;
  const Micros first_retransmission = fins[1]->t;
  for (std::size_t i = 2; i < fins.size(); ++i) {
    CHECK(fins[i]->t - first_retransmission < budget);
  }
  CHECK(retries == 2);  // the narration quotes the times of this setting
  CHECK(fins.size() == 4);
  CHECK(dropped(t, "client") == static_cast<int>(fins.size()));
  // The socket is destroyed when the timer after the last retransmission fires.
  auto fired = timers(t, "client", TimerKind::retransmit, TimerAction::fired);
  REQUIRE(fired.size() == fins.size());
  test::Found<Event> closed = state_event(t, "client", TcpState::CLOSED);
  REQUIRE(closed != nullptr);
  CHECK(closed->from == TcpState::FIN_WAIT_1);
  CHECK(closed->t == fired.back()->t);
  CHECK(closed->t - first_retransmission >= budget);
  // The server never hears of it: no CLOSE_WAIT, recv() never returns.
  CHECK(state_event(t, "server", TcpState::CLOSE_WAIT) == nullptr);
  CHECK(results(t, "server", AppCall::recv).empty());

  // Linux reads tcp_orphan_retries = 0 as 8 (not "no retransmission").
  RunOptions zero;
  zero.sysctls = {{Knob::tcp_orphan_retries, 0}};
  Trace t0 = run_scenario(sc.spec, zero);
  CHECK(sent(t0, "client", kFin | kAck).size() == 1 + 8);
  test::Found<Event> closed0 = state_event(t0, "client", TcpState::CLOSED);
  REQUIRE(closed0 != nullptr);
  CHECK(closed0->t - sent(t0, "client", kFin | kAck)[0]->t > 100 * kMicrosPerSec);
}

TEST_CASE("fin-ack-lost: the client's FIN timer repairs the lost ACK; FIN_WAIT_2 times out",
          "[catalog]") {
  Trace t = run_id("fin-ack-lost");
  CHECK(dropped(t, "server") == 1);
  auto acks = sent(t, "server", kAck);
  REQUIRE(acks.size() >= 2);
  auto fins = sent(t, "client", kFin | kAck);
  REQUIRE(fins.size() == 2);
  // The server's second ACK answers the retransmitted FIN, acknowledging the same point.
  CHECK(t.segments[acks[1]->segment].rel_ack == t.segments[acks[0]->segment].rel_ack);
  CHECK(acks[1]->t > fins[1]->t);
  test::Found<Event> fw2 = state_event(t, "client", TcpState::FIN_WAIT_2);
  REQUIRE(fw2 != nullptr);
  CHECK(fw2->t > fins[1]->t);
  // The orphan leaves FIN_WAIT_2 after tcp_fin_timeout, while the server is in CLOSE_WAIT.
  test::Found<Event> closed = state_event(t, "client", TcpState::CLOSED);
  REQUIRE(closed != nullptr);
  CHECK(closed->from == TcpState::FIN_WAIT_2);
  CHECK(closed->t - fw2->t == sysctl(t, "tcp_fin_timeout") * kMicrosPerSec);
  test::Found<Event> last_ack = state_event(t, "server", TcpState::LAST_ACK);
  REQUIRE(last_ack != nullptr);
  CHECK(last_ack->t > closed->t);
  // The late FIN meets a client that has forgotten the connection.
  CHECK(sent(t, "client", kRst).size() == 1);
  CHECK_FALSE(state_event(t, "client", TcpState::TIME_WAIT));
}

TEST_CASE("server-fin-lost: CLOSE_WAIT lasts until close(); the lost FIN is retransmitted",
          "[catalog]") {
  Trace t = run_id("server-fin-lost");
  test::Found<Event> cw = state_event(t, "server", TcpState::CLOSE_WAIT);
  test::Found<Event> la = state_event(t, "server", TcpState::LAST_ACK);
  test::Found<Event> close = app_event(t, "server", AppCall::close);
  REQUIRE(cw != nullptr);
  REQUIRE(la != nullptr);
  REQUIRE(close != nullptr);
  // CLOSE_WAIT ends exactly when the program calls close(), not by any kernel timer.
  CHECK(la->t == close->t);
  CHECK(la->t - cw->t >= 2 * kMicrosPerSec);
  auto fins = sent(t, "server", kFin | kAck);
  REQUIRE(fins.size() == 2);
  CHECK(dropped(t, "server") == 1);
  CHECK(t.segments[fins[1]->segment].retransmit_of == fins[0]->segment);
  CHECK(fins[1]->t - fins[0]->t >= 200 * kMicrosPerMs);
  // The client waited in FIN_WAIT_2 and takes the second copy into TIME_WAIT.
  test::Found<Event> tw = state_event(t, "client", TcpState::TIME_WAIT);
  REQUIRE(tw != nullptr);
  CHECK(tw->from == TcpState::FIN_WAIT_2);
  CHECK(tw->t > fins[1]->t);
}

TEST_CASE("last-ack-lost: TIME_WAIT re-acknowledges the retransmitted FIN and restarts 2MSL",
          "[catalog]") {
  Trace t = run_id("last-ack-lost");
  CHECK(dropped(t, "client") == 1);
  auto fins = sent(t, "server", kFin | kAck);
  REQUIRE(fins.size() == 2);
  test::Found<Event> tw = state_event(t, "client", TcpState::TIME_WAIT);
  REQUIRE(tw != nullptr);
  CHECK(tw->t < fins[1]->t);
  // The retransmitted FIN reaches the client in TIME_WAIT, which ACKs it (no RST).
  auto got = received(t, "client", kFin | kAck);
  REQUIRE(got.size() == 2);
  CHECK(sent(t, "client", kRst).empty());
  auto acks = sent(t, "client", kAck);
  REQUIRE_FALSE(acks.empty());
  CHECK(acks.back()->t == got[1]->t);
  // 2MSL restarts: the client closes a full TIME_WAIT after the second FIN, not the first.
  auto armed = timers(t, "client", TimerKind::time_wait, TimerAction::armed);
  REQUIRE(armed.size() == 2);
  CHECK(armed[1]->t == got[1]->t);
  const Micros msl2 = armed[0]->deadline - armed[0]->t;
  CHECK(msl2 == 60 * kMicrosPerSec);
  CHECK(armed[1]->deadline == got[1]->t + msl2);
  test::Found<Event> closed = state_event(t, "client", TcpState::CLOSED);
  REQUIRE(closed != nullptr);
  CHECK(closed->t == got[1]->t + msl2);
  CHECK(state_event(t, "server", TcpState::CLOSED, fins[1]->t) != nullptr);
}

TEST_CASE("no-time-wait: without TIME_WAIT the retransmitted FIN is answered with RST",
          "[catalog]") {
  Trace t = run_id("no-time-wait");
  CHECK(dropped(t, "client") == 1);
  auto fins = sent(t, "server", kFin | kAck);
  REQUIRE(fins.size() == 2);
  // The client forgot the connection as soon as it sent the last ACK.
  test::Found<Event> forgot = state_event(t, "client", TcpState::CLOSED);
  REQUIRE(forgot != nullptr);
  CHECK(forgot->t < fins[1]->t);
  // The retransmitted FIN gets RST, and the server's LAST_ACK ends by reset.
  auto got = received(t, "client", kFin | kAck);
  REQUIRE(got.size() == 2);
  auto rsts = sent(t, "client", kRst);
  REQUIRE(rsts.size() == 1);
  CHECK(rsts[0]->t == got[1]->t);
  auto reset = received(t, "server", kRst);
  REQUIRE(reset.size() == 1);
  test::Found<Event> closed = state_event(t, "server", TcpState::CLOSED, reset[0]->t);
  REQUIRE(closed != nullptr);
  CHECK(closed->from == TcpState::LAST_ACK);
  CHECK(closed->t == reset[0]->t);
  CHECK(sent(t, "client", kAck).size() == 2);  // the handshake's and the lost one, no more
}

TEST_CASE("keepalive-dead-peer: probes every interval, then RST and ETIMEDOUT", "[catalog]") {
  Trace t = run_id("keepalive-dead-peer");
  test::Found<Event> crash = app_event(t, "server", AppCall::crash_host);
  REQUIRE(crash != nullptr);
  // Probes: pure ACKs the client sends after the crash, none of them answered.
  std::vector<test::Found<Event>> probes;
  for (test::Found<Event> e : sent(t, "client", kAck)) {
    if (e->t > crash->t) probes.push_back(e);
  }
  REQUIRE(probes.size() == 3);
  CHECK(received(t, "client", kAck).empty());  // nothing came back, not even to the probes
  // The first probe comes one idle time after the last segment received (the SYN,ACK).
  auto synack = received(t, "client", kSyn | kAck);
  REQUIRE(synack.size() == 1);
  const Micros idle = probes[0]->t - synack[0]->t;
  CHECK(idle == 2 * kMicrosPerSec);
  const Micros intvl = probes[1]->t - probes[0]->t;
  CHECK(intvl == 1 * kMicrosPerSec);
  CHECK(probes[2]->t - probes[1]->t == intvl);
  // Probes sit one below SND.NXT so that a live peer must answer.
  CHECK(t.segments[probes[0]->segment].seg.seq + 1 == t.segments[synack[0]->segment].seg.ack);
  // One interval after the last probe: RST, and the blocked recv() fails with ETIMEDOUT.
  auto rst = sent(t, "client", kRst | kAck);
  REQUIRE(rst.size() == 1);
  CHECK(rst[0]->t == probes[2]->t + intvl);
  test::Found<Event> recv = app_event(t, "client", AppCall::recv);
  REQUIRE(recv != nullptr);
  CHECK(recv->result == AppResult::etimedout);
  CHECK(recv->t == rst[0]->t);
}

TEST_CASE("peer-rebooted: the first segment after the reboot gets RST, recv() ECONNRESET",
          "[catalog]") {
  Trace t = run_id("peer-rebooted");
  test::Found<Event> reboot = app_event(t, "server", AppCall::reboot_host);
  REQUIRE(reboot != nullptr);
  auto data = sent(t, "client", kPsh | kAck);
  REQUIRE(data.size() == 1);
  CHECK(data[0]->t > reboot->t);
  // Nothing at all crossed the wire between the handshake and the request.
  auto rsts = sent(t, "server", kRst);
  REQUIRE(rsts.size() == 1);
  auto got = received(t, "server", kPsh | kAck);
  REQUIRE(got.size() == 1);
  CHECK(rsts[0]->t == got[0]->t);
  CHECK(t.segments[rsts[0]->segment].seg.seq == t.segments[data[0]->segment].seg.ack);
  CHECK(results(t, "client", AppCall::recv) == std::vector<AppResult>{AppResult::econnreset});
  test::Found<Event> closed = state_event(t, "client", TcpState::CLOSED);
  REQUIRE(closed != nullptr);
  CHECK(closed->from == TcpState::ESTABLISHED);
}

TEST_CASE("process-crash: the kernel closes the dead process's socket with FIN", "[catalog]") {
  Trace t = run_id("process-crash");
  test::Found<Event> crash = app_event(t, "server", AppCall::crash_process);
  REQUIRE(crash != nullptr);
  auto fins = sent(t, "server", kFin | kAck);
  REQUIRE(fins.size() == 1);
  CHECK(fins[0]->t == crash->t);  // sent by the kernel at the moment the process died
  CHECK(sent(t, "server", kRst | kAck).empty());
  CHECK(results(t, "client", AppCall::recv) == std::vector<AppResult>{AppResult::eof});
  // The kernel finishes the close alone: the dead process's connection reaches TIME_WAIT.
  test::Found<Event> fw1 = state_event(t, "server", TcpState::FIN_WAIT_1);
  REQUIRE(fw1 != nullptr);
  CHECK(fw1->t == crash->t);
  CHECK(state_event(t, "server", TcpState::TIME_WAIT) != nullptr);
}

TEST_CASE("process-crash-unread: unread data turns the kernel's close into RST", "[catalog]") {
  Trace t = run_id("process-crash-unread");
  test::Found<Event> crash = app_event(t, "server", AppCall::crash_process);
  REQUIRE(crash != nullptr);
  // The request had arrived and was never read by the server's program.
  auto data = received(t, "server", kPsh | kAck);
  REQUIRE(data.size() == 1);
  CHECK(data[0]->t < crash->t);
  CHECK(results(t, "server", AppCall::recv).empty());
  auto rst = sent(t, "server", kRst | kAck);
  REQUIRE(rst.size() == 1);
  CHECK(rst[0]->t == crash->t);
  CHECK(sent(t, "server", kFin | kAck).empty());
  CHECK(state_event(t, "server", TcpState::TIME_WAIT) == nullptr);
  CHECK(results(t, "client", AppCall::recv) == std::vector<AppResult>{AppResult::econnreset});
}

TEST_CASE("short-time-wait: an old segment is accepted as data by the next connection",
          "[catalog]") {
  Scenario sc = load_scenario_arg(find_content_dir(), "short-time-wait");
  Trace t = run_scenario(sc.spec, RunOptions{});
  // The client's first data segment and its retransmission; the original is the late one.
  auto data = sent(t, "client", kPsh | kAck);
  REQUIRE(data.size() == 3);  // original, retransmission, the new connection's request
  const Segment& old_seg = t.segments[data[0]->segment].seg;
  const Segment& new_seg = t.segments[data[2]->segment].seg;
  // Same four-tuple and, with a fixed ISN, the same sequence number as the new request.
  CHECK(old_seg.src == new_seg.src);
  CHECK(old_seg.dst == new_seg.dst);
  CHECK(old_seg.seq == new_seg.seq);
  CHECK(data[0]->conn != data[2]->conn);
  // The first connection's TIME_WAIT ended before the second connect().
  test::Found<Event> tw = state_event(t, "client", TcpState::TIME_WAIT);
  REQUIRE(tw != nullptr);
  test::Found<Event> tw_end = state_event(t, "client", TcpState::CLOSED, tw->t);
  REQUIRE(tw_end != nullptr);
  CHECK(tw_end->from == TcpState::TIME_WAIT);
  CHECK(tw_end->t - tw->t == sc.spec.time_wait);
  CHECK(tw_end->t < 60 * kMicrosPerSec);
  // The original arrives last, inside the second connection, and that arrival is what the
  // server's recv() returns.
  auto got = received(t, "server", kPsh | kAck);
  REQUIRE(got.size() == 3);
  std::vector<test::Found<Event>> from_old;
  for (test::Found<Event> e : got) {
    if (e->segment == data[0]->segment) from_old.push_back(e);
  }
  REQUIRE(from_old.size() == 1);
  test::Found<Event> connect2 = nullptr;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == AppCall::connect && e.result == AppResult::ok &&
        on(t, e, "client") && e.t > tw_end->t) {
      connect2 = e;
    }
  }
  REQUIRE(connect2 != nullptr);
  CHECK(from_old[0]->t > connect2->t);
  test::Found<Event> accepted = nullptr;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == AppCall::recv && e.result == AppResult::ok &&
        on(t, e, "server") && e.t > connect2->t) {
      accepted = e;
      break;
    }
  }
  REQUIRE(accepted != nullptr);
  CHECK(accepted->t == from_old[0]->t);  // the old bytes, not the new request
  CHECK(accepted->value == 100);
  test::Found<Event> new_arrival = nullptr;
  for (test::Found<Event> e : got) {
    if (e->segment == data[2]->segment) new_arrival = e;
  }
  REQUIRE(new_arrival != nullptr);
  CHECK(new_arrival->t > accepted->t);

  // Counterfactuals: the real 60 s TIME_WAIT refuses the port; a clock-driven ISN
  // (RFC 6528) puts the old segment outside the new window, so only the real request is read.
  ScenarioSpec with_tw = sc.spec;
  with_tw.time_wait = 60 * kMicrosPerSec;
  Trace t60 = run_scenario(with_tw, RunOptions{});
  auto connects = results(t60, "client", AppCall::connect);
  REQUIRE(connects.size() == 2);
  CHECK(connects[1] == AppResult::eaddrinuse);

  ScenarioSpec rfc = sc.spec;
  rfc.isn = IsnMode::rfc6528;
  Trace tr = run_scenario(rfc, RunOptions{});
  auto rdata = sent(tr, "client", kPsh | kAck);
  REQUIRE(rdata.size() == 3);
  test::Found<Event> read2 = nullptr;
  for (const Event& e : tr.events) {
    if (e.type == EventType::app && e.call == AppCall::recv && e.result == AppResult::ok &&
        on(tr, e, "server") && e.t > rdata[2]->t) {
      read2 = e;
      break;
    }
  }
  REQUIRE(read2 != nullptr);
  test::Found<Event> rnew = nullptr;
  for (test::Found<Event> e : received(tr, "server", kPsh | kAck)) {
    if (e->segment == rdata[2]->segment) rnew = e;
  }
  REQUIRE(rnew != nullptr);
  CHECK(read2->t == rnew->t);
}
