// Handshake scenarios of the catalog: each test checks, from the trace of the shipped
// scenario, the fact the scenario exists to teach.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "engine/simulator.hpp"
#include "tests/support/catalog_fixture.hpp"
#include "tests/support/found.hpp"

using namespace synack;
using namespace synack::catalog_test;

namespace {

// Times (in ms) at which `host` sent (or, for drop, lost) a segment with exactly `flags`.
std::vector<double> times_ms(const Trace& t, EventType type, std::string_view host,
                             std::uint8_t flags) {
  std::vector<double> out;
  for (const Event& e : t.events) {
    if (e.type == type && on(t, e, host) && t.segments[e.segment].seg.flags == flags) {
      out.push_back(static_cast<double>(e.t) / 1000.0);
    }
  }
  return out;
}

// The first returned (non-blocked) result of `call` on `host`.
test::Found<Event> app_result(const Trace& t, std::string_view host, AppCall call, int nth = 1) {
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == call && e.result != AppResult::blocked &&
        on(t, e, host) && --nth == 0) {
      return e;
    }
  }
  return nullptr;
}

test::Found<Event> first_state(const Trace& t, std::string_view host, TcpState from, TcpState to) {
  for (const Event& e : t.events) {
    if (e.type == EventType::state && on(t, e, host) && e.from == from && e.to == to) {
      return e;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("syn-lost: SYN retransmitted at 1, 3, 7, 15, 31 s; ETIMEDOUT at 63 s", "[catalog]") {
  Trace t = run_id("syn-lost");
  CHECK(times_ms(t, EventType::send, "client", kSyn) ==
        std::vector<double>{0, 1000, 3000, 7000, 15000, 31000});
  CHECK(times_ms(t, EventType::send, "server", kSyn | kAck).empty());
  test::Found<Event> c = app_result(t, "client", AppCall::connect);
  REQUIRE(c != nullptr);
  CHECK(c->result == AppResult::etimedout);
  CHECK(c->t == 63 * kMicrosPerSec);
}

TEST_CASE("synack-lost: both sides retransmit, the client gives up first", "[catalog]") {
  Trace t = run_id("synack-lost");
  // tcp_syn_retries=2: SYNs at 0, 1, 3 s.
  CHECK(times_ms(t, EventType::send, "client", kSyn) == std::vector<double>{0, 1000, 3000});
  // The first SYN-ACK, then at 1.01 and 3.01 s one from the timer and one answering the
  // retransmitted SYN.
  CHECK(times_ms(t, EventType::send, "server", kSyn | kAck) ==
        std::vector<double>{10, 1010, 1010, 3010, 3010});
  int answered_syn = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && on(t, e, "server") &&
        e.reason.why == Why::dup_syn_resend_synack) {
      ++answered_syn;
    }
  }
  CHECK(answered_syn == 2);
  test::Found<Event> c = app_result(t, "client", AppCall::connect);
  REQUIRE(c != nullptr);
  CHECK(c->result == AppResult::etimedout);
  CHECK(c->t == 7 * kMicrosPerSec);
  test::Found<Event> gone = first_state(t, "server", TcpState::SYN_RECEIVED, TcpState::CLOSED);
  REQUIRE(gone != nullptr);
  CHECK(gone->t > c->t);
  CHECK(app_result(t, "server", AppCall::accept) == nullptr);
}

TEST_CASE("ack-lost: the server's SYN-ACK retransmission draws a new ACK", "[catalog]") {
  Trace t = run_id("ack-lost");
  CHECK(times_ms(t, EventType::drop, "client", kAck) == std::vector<double>{20});
  test::Found<Event> client_est =
      first_state(t, "client", TcpState::SYN_SENT, TcpState::ESTABLISHED);
  test::Found<Event> server_est =
      first_state(t, "server", TcpState::SYN_RECEIVED, TcpState::ESTABLISHED);
  REQUIRE(client_est != nullptr);
  REQUIRE(server_est != nullptr);
  auto synacks = times_ms(t, EventType::send, "server", kSyn | kAck);
  REQUIRE(synacks.size() == 2);
  CHECK(synacks[1] - synacks[0] == 1000);  // the SYN-ACK timer's 1 s
  // The server establishes one round trip after its retransmission, long after the client.
  CHECK(static_cast<double>(server_est->t) / 1000.0 == synacks[1] + 20);
  CHECK(server_est->t - client_est->t > 1 * kMicrosPerSec);
  test::Found<Event> a = app_result(t, "server", AppCall::accept);
  REQUIRE(a != nullptr);
  CHECK(a->result == AppResult::ok);
}

TEST_CASE("data-in-third: a data segment completes the handshake", "[catalog]") {
  Trace t = run_id("data-in-third");
  CHECK(times_ms(t, EventType::drop, "client", kAck).size() == 1);
  CHECK(times_ms(t, EventType::send, "server", kSyn | kAck).size() == 1);  // no retransmission
  test::Found<Event> est = first_state(t, "server", TcpState::SYN_RECEIVED, TcpState::ESTABLISHED);
  REQUIRE(est != nullptr);
  // The segment that arrived just before the state change carried the data.
  test::Found<Event> carrier = nullptr;
  for (const Event& e : t.events) {
    if (e == *est) break;
    if (e.type == EventType::recv && on(t, e, "server")) carrier = e;
  }
  REQUIRE(carrier != nullptr);
  CHECK(t.segments[carrier->segment].seg.len == 100);
  CHECK(t.segments[carrier->segment].seg.has(kAck));
  test::Found<Event> r = app_result(t, "server", AppCall::recv);
  REQUIRE(r != nullptr);
  CHECK(r->value == 100);
  CHECK(r->t == est->t);
}

TEST_CASE("old-duplicate-syn: the client resets the stale request, the new SYN connects",
          "[catalog]") {
  Trace t = run_id("old-duplicate-syn");
  std::vector<test::Found<Segment>> syns;
  test::Found<Segment> synack_old = nullptr;
  test::Found<Segment> rst = nullptr;
  for (const Event& e : t.events) {
    if (e.type != EventType::send) continue;
    const Segment& s = t.segments[e.segment].seg;
    if (on(t, e, "client") && s.flags == kSyn) syns.push_back(s);
    if (on(t, e, "server") && s.flags == (kSyn | kAck) && synack_old == nullptr) {
      synack_old = s;
    }
    if (on(t, e, "client") && s.has(kRst) && rst == nullptr) rst = s;
  }
  REQUIRE(syns.size() == 2);
  CHECK(syns[0]->seq != syns[1]->seq);  // a new attempt, not a retransmission
  REQUIRE(synack_old != nullptr);
  CHECK(synack_old->ack == syns[0]->seq + 1);  // the server answered the old SYN first
  REQUIRE(rst != nullptr);
  CHECK(rst->seq == synack_old->ack);
  test::Found<Event> reset = first_state(t, "server", TcpState::SYN_RECEIVED, TcpState::CLOSED);
  REQUIRE(reset != nullptr);
  test::Found<Event> est = first_state(t, "server", TcpState::SYN_RECEIVED, TcpState::ESTABLISHED);
  REQUIRE(est != nullptr);
  CHECK(reset->t < est->t);
  // Exactly one connection reached the application, and it is the new one.
  CHECK(app_result(t, "server", AppCall::accept, 2) == nullptr);
  test::Found<Event> r = app_result(t, "server", AppCall::recv);
  REQUIRE(r != nullptr);
  CHECK(r->value == 100);
  test::Found<Event> c = app_result(t, "client", AppCall::connect, 2);
  REQUIRE(c != nullptr);
  CHECK(c->result == AppResult::ok);
}

TEST_CASE("two-way-old-syn: the server establishes on the stale SYN until the RST", "[catalog]") {
  Trace t = run_id("two-way-old-syn");
  test::Found<Event> first_accept = app_result(t, "server", AppCall::accept);
  REQUIRE(first_accept != nullptr);
  CHECK(first_accept->result == AppResult::ok);
  // The connection accepted first is the stale one: its SYN-ACK acknowledges the first SYN.
  std::vector<std::uint32_t> syn_seqs;
  std::uint32_t first_synack_ack = 0;
  for (const Event& e : t.events) {
    if (e.type != EventType::send) continue;
    const Segment& s = t.segments[e.segment].seg;
    if (on(t, e, "client") && s.flags == kSyn) syn_seqs.push_back(s.seq);
    if (on(t, e, "server") && s.flags == (kSyn | kAck) && first_synack_ack == 0) {
      first_synack_ack = s.ack;
    }
  }
  REQUIRE(syn_seqs.size() == 2);
  CHECK(first_synack_ack == syn_seqs[0] + 1);
  // The server spent data on it, and learned only from the RST.
  test::Found<Event> sent = app_result(t, "server", AppCall::send);
  REQUIRE(sent != nullptr);
  CHECK(sent->t == first_accept->t);
  test::Found<Event> recv = app_result(t, "server", AppCall::recv);
  REQUIRE(recv != nullptr);
  CHECK(recv->result == AppResult::econnreset);
  CHECK(first_state(t, "server", TcpState::SYN_RECEIVED, TcpState::ESTABLISHED)->t ==
        first_accept->t);
  // Then the real connection.
  test::Found<Event> second_accept = app_result(t, "server", AppCall::accept, 2);
  REQUIRE(second_accept != nullptr);
  CHECK(second_accept->result == AppResult::ok);
  CHECK(second_accept->t > recv->t);
}

namespace {

int count_results(const Trace& t, std::string_view host, AppCall call, AppResult result) {
  int n = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == call && e.result == result && on(t, e, host)) {
      ++n;
    }
  }
  return n;
}

int count_states(const Trace& t, std::string_view host, TcpState from, TcpState to) {
  int n = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::state && on(t, e, host) && e.from == from && e.to == to) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("two-way-waste: every delayed SYN costs the server a connection", "[catalog]") {
  Scenario sc = load_scenario_arg(find_content_dir(), "two-way-waste");
  REQUIRE(sc.spec.two_way_handshake);
  Trace two_way = run_scenario(sc.spec, RunOptions{});
  const int syns = static_cast<int>(times_ms(two_way, EventType::send, "client", kSyn).size());
  CHECK(syns == 3);
  CHECK(count_results(two_way, "client", AppCall::connect, AppResult::ok) == 1);
  // One connection per SYN, all established and accepted, two of them then reset.
  CHECK(count_states(two_way, "server", TcpState::SYN_RECEIVED, TcpState::ESTABLISHED) == syns);
  CHECK(count_results(two_way, "server", AppCall::accept, AppResult::ok) == syns);
  CHECK(count_results(two_way, "server", AppCall::recv, AppResult::econnreset) == 1);

  // The same network under the real handshake: the stale SYNs never get past the SYN queue.
  sc.spec.two_way_handshake = false;
  Trace three_way = run_scenario(sc.spec, RunOptions{});
  CHECK(count_states(three_way, "server", TcpState::SYN_RECEIVED, TcpState::ESTABLISHED) == 1);
  CHECK(count_states(three_way, "server", TcpState::SYN_RECEIVED, TcpState::CLOSED) == 2);
  CHECK(count_results(three_way, "server", AppCall::accept, AppResult::ok) == 1);
}

namespace {

// In the ISN scenarios: when the server's recv() of the second connection returned data,
// and when the client sent its own data in that connection.
struct IsnRun {
  Micros server_recv = -1;  // second recv() that returned data
  Micros client_send = -1;  // second send()
};

IsnRun isn_run(const Trace& t) {
  IsnRun out;
  int recvs = 0;
  int sends = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && on(t, e, "server") && e.call == AppCall::recv &&
        e.result == AppResult::ok && ++recvs == 2) {
      out.server_recv = e.t;
    }
    if (e.type == EventType::app && on(t, e, "client") && e.call == AppCall::send && ++sends == 2) {
      out.client_send = e.t;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("isn-fixed / isn-random: a stale segment corrupts only with a fixed ISN", "[catalog]") {
  Scenario fixed = load_scenario_arg(find_content_dir(), "isn-fixed");
  Scenario random = load_scenario_arg(find_content_dir(), "isn-random");
  REQUIRE(fixed.spec.isn == IsnMode::fixed);
  REQUIRE(random.spec.isn == IsnMode::rfc6528);
  for (const Scenario* sc : {&fixed, &random}) {
    // TIME_WAIT is shortened so the same port can be reused within the stale segment's delay.
    CHECK(sc->spec.time_wait < 1 * kMicrosPerSec);
  }
  Trace tf = run_scenario(fixed.spec, RunOptions{});
  Trace tr = run_scenario(random.spec, RunOptions{});
  IsnRun f = isn_run(tf);
  IsnRun r = isn_run(tr);
  REQUIRE(f.server_recv >= 0);
  REQUIRE(r.server_recv >= 0);
  REQUIRE(f.client_send >= 0);
  REQUIRE(r.client_send >= 0);
  // Fixed ISN: the server application got data in the second connection before the client
  // sent any there, so those bytes are the first connection's.
  CHECK(f.server_recv < f.client_send);
  // Random ISN: the stale segment was not delivered; the only data is the client's own.
  CHECK(r.server_recv > r.client_send);
  // Both connections of each run share one 4-tuple.
  auto syn_ports = [](const Trace& t) {
    std::vector<std::uint16_t> ports;
    for (const Event& e : t.events) {
      if (e.type == EventType::send && on(t, e, "client") &&
          t.segments[e.segment].seg.flags == kSyn) {
        ports.push_back(t.segments[e.segment].seg.src.port);
      }
    }
    return ports;
  };
  auto pf = syn_ports(tf);
  REQUIRE(pf.size() == 2);
  CHECK(pf[0] == pf[1]);
  CHECK(syn_ports(tr) == pf);
}

TEST_CASE("syn-timeout: the server holds the request for 63 s, then drops it silently",
          "[catalog]") {
  Trace t = run_id("syn-timeout");
  test::Found<Event> req = first_state(t, "server", TcpState::LISTEN, TcpState::SYN_RECEIVED);
  test::Found<Event> gone = first_state(t, "server", TcpState::SYN_RECEIVED, TcpState::CLOSED);
  REQUIRE(req != nullptr);
  REQUIRE(gone != nullptr);
  CHECK(gone->t - req->t == 63 * kMicrosPerSec);
  std::vector<double> since_request;
  for (double ms : times_ms(t, EventType::send, "server", kSyn | kAck)) {
    since_request.push_back(ms - static_cast<double>(req->t) / 1000.0);
  }
  CHECK(since_request == std::vector<double>{0, 1000, 3000, 7000, 15000, 31000});
  // Nothing reached the server from the client after the SYN, and the server sent no RST.
  int rsts = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && on(t, e, "server") && t.segments[e.segment].seg.has(kRst)) {
      ++rsts;
    }
  }
  CHECK(rsts == 0);
  CHECK(app_result(t, "server", AppCall::accept) == nullptr);
}

TEST_CASE("a listener's SYN-ACK offers the MSS of its own link (MTU - 40), not a fixed 1460",
          "[catalog]") {
  Scenario sc = load_scenario_arg(find_content_dir(), "handshake");
  for (auto& h : sc.spec.hosts) {
    if (h.name == "server") h.mtu = 1280;
  }
  const Trace t = run_scenario(sc.spec, RunOptions{});
  int synacks = 0;
  for (const Event& e : t.events) {
    if (e.type != EventType::send || !on(t, e, "server")) continue;
    const Segment& s = t.segments.at(e.segment).seg;
    if (s.flags != (kSyn | kAck)) continue;
    ++synacks;
    CHECK(s.opt.mss == 1240);
  }
  CHECK(synacks == 1);
  // The client's SYN still offers its own 1460.
  for (const Event& e : t.events) {
    if (e.type == EventType::send && on(t, e, "client") &&
        t.segments.at(e.segment).seg.flags == kSyn) {
      CHECK(t.segments.at(e.segment).seg.opt.mss == 1460);
    }
  }
}
