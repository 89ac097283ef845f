// The RFC 9293 state diagram (Figure 5), one transition per test, plus the non-transitions
// that matter (challenge ACKs, out-of-window segments, D-SACK) and the timers. Expected
// segments come from the RFC text (§3.10.7 "Segment Arrives") and Linux behaviour, with
// ISS = kIss and IRS = kIrs, so SND.NXT / RCV.NXT are written out as kIss + n / kIrs + n.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/simulator.hpp"
#include "tests/support/tcp_harness.hpp"

using namespace synack;
using namespace synack::test;

namespace {

// Exactly one segment was sent, with exactly these flags, seq and (when ACK is set) ack.
void require_one(const std::vector<Sent>& out, std::uint8_t flags, std::uint32_t seq,
                 std::uint32_t ack, std::uint32_t len = 0) {
  std::string all;
  for (const Sent& s : out) all += describe_seg(s.seg) + "; ";
  INFO("sent: " << all);
  REQUIRE(out.size() == 1);
  const Segment& s = out[0].seg;
  CHECK(flags_to_string(s.flags) == flags_to_string(flags));
  CHECK(s.seq == seq);
  if (flags & kAck) CHECK(s.ack == ack);
  CHECK(s.len == len);
}

void require_none(const std::vector<Sent>& out) {
  std::string all;
  for (const Sent& s : out) all += describe_seg(s.seg) + "; ";
  INFO("sent: " << all);
  REQUIRE(out.empty());
}

bool went_through(const Harness& h, TcpState to) {
  for (const auto& [from, state] : h.states_since(0)) {
    if (state == to) return true;
  }
  return false;
}

constexpr std::uint32_t kMss = 1460;  // peer MSS 1460, no timestamps

Segment with_ts(Segment s, std::uint32_t ts_val) {
  s.opt.has_timestamp = true;
  s.opt.ts_val = ts_val;
  return s;
}

}  // namespace

// ---------------------------------------------------------------- CLOSED (no TCB)

TEST_CASE("closed + SYN -> RST,ACK seq=0 ack=SEG.SEQ+1", "[states]") {
  Harness h;
  // RFC 9293 §3.10.7.1: ACK bit off → <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, SYN counts.
  require_one(h.input(Harness::seg(kSyn, kIrs)), kRst | kAck, 0, kIrs + 1);
}

TEST_CASE("closed + ACK -> RST seq=SEG.ACK", "[states]") {
  Harness h;
  require_one(h.input(Harness::seg(kAck, kIrs + 1, 777, 10)), kRst, 777, 0);
}

TEST_CASE("closed + data without ACK -> RST,ACK acking the data", "[states]") {
  Harness h;
  require_one(h.input(Harness::seg(kPsh, kIrs + 1, 0, 10)), kRst | kAck, 0, kIrs + 11);
}

TEST_CASE("closed + RST -> nothing", "[states]") {
  Harness h;
  require_none(h.input(Harness::seg(kRst | kAck, kIrs + 1, 777)));
}

// ---------------------------------------------------------------- LISTEN

TEST_CASE("listen + SYN -> SYN_RECEIVED request, SYN,ACK", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  const std::size_t mark = h.trace().events.size();
  require_one(h.input(Harness::seg(kSyn, kIrs)), kSyn | kAck, kIss, kIrs + 1);
  CHECK(l.syn_queue.size() == 1);
  const auto states = h.states_since(mark);
  REQUIRE(states.size() == 1);
  CHECK(states[0].first == TcpState::LISTEN);
  CHECK(states[0].second == TcpState::SYN_RECEIVED);
}

TEST_CASE("listen: SYN_RECEIVED request + ACK -> ESTABLISHED, accept queue", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  h.input(Harness::seg(kSyn, kIrs));
  const std::size_t mark = h.trace().events.size();
  require_none(h.input(Harness::seg(kAck, kIrs + 1, kIss + 1)));
  CHECK(l.syn_queue.empty());
  REQUIRE(l.accept_queue.size() == 1);
  const auto states = h.states_since(mark);
  REQUIRE(states.size() == 1);
  CHECK(states[0].first == TcpState::SYN_RECEIVED);
  CHECK(states[0].second == TcpState::ESTABLISHED);
  Tcb* child = h.stack().find_tcb(l.accept_queue.front());
  REQUIRE(child != nullptr);
  CHECK(child->snd_una == kIss + 1);
  CHECK(child->snd_nxt == kIss + 1);
  CHECK(child->rcv_nxt == kIrs + 1);
}

TEST_CASE("listen: SYN_RECEIVED request + ACK with bad ack -> RST seq=SEG.ACK", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  h.input(Harness::seg(kSyn, kIrs));
  // RFC 9293 §3.10.7.4 SYN-RECEIVED: unacceptable ACK → <SEQ=SEG.ACK><CTL=RST>.
  require_one(h.input(Harness::seg(kAck, kIrs + 1, kIss + 99)), kRst, kIss + 99, 0);
  CHECK(l.syn_queue.size() == 1);
  CHECK(l.accept_queue.empty());
}

TEST_CASE("listen: SYN_RECEIVED request + ACK with out-of-window seq -> ACK, dropped", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  h.input(Harness::seg(kSyn, kIrs));
  // RFC 9293 §3.10.7.4 first: unacceptable → <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, drop.
  require_one(h.input(Harness::seg(kAck | kPsh, kIrs - 50000, kIss + 1, 1460)), kAck, kIss + 1,
              kIrs + 1);
  CHECK(l.syn_queue.size() == 1);
  CHECK(l.accept_queue.empty());
}

TEST_CASE("listen: SYN_RECEIVED request + RST -> request removed, nothing sent", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  h.input(Harness::seg(kSyn, kIrs));
  const std::size_t mark = h.trace().events.size();
  require_none(h.input(Harness::seg(kRst, kIrs + 1)));
  CHECK(l.syn_queue.empty());
  const auto states = h.states_since(mark);
  REQUIRE(states.size() == 1);
  CHECK(states[0].second == TcpState::CLOSED);
}

TEST_CASE("listen + ACK (no request) -> RST seq=SEG.ACK", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  // RFC 9293 §3.10.7.2: an ACK in LISTEN → <SEQ=SEG.ACK><CTL=RST>.
  require_one(h.input(Harness::seg(kAck, kIrs + 1, 4242)), kRst, 4242, 0);
  CHECK(l.syn_queue.empty());
  CHECK(l.accept_queue.empty());
}

TEST_CASE("listen + RST -> ignored", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  const std::size_t mark = h.trace().events.size();
  require_none(h.input(Harness::seg(kRst, kIrs)));
  require_none(h.input(Harness::seg(kRst | kAck, kIrs, 4242)));
  CHECK(h.states_since(mark).empty());
  CHECK(l.open);
  CHECK(l.syn_queue.empty());
}

TEST_CASE("listen + SYN,ACK -> RST seq=SEG.ACK", "[states]") {
  Harness h;
  h.listen();
  require_one(h.input(Harness::seg(kSyn | kAck, kIrs, 4242)), kRst, 4242, 0);
}

TEST_CASE("listen: SYN_RECEIVED request + the same SYN again -> SYN,ACK again", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  h.input(Harness::seg(kSyn, kIrs));
  require_one(h.input(Harness::seg(kSyn, kIrs)), kSyn | kAck, kIss, kIrs + 1);
  CHECK(l.syn_queue.size() == 1);
}

TEST_CASE("listen: SYN_RECEIVED request + SYN with an old ISN -> ACK, request kept", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  h.input(Harness::seg(kSyn, kIrs));
  // Linux tcp_check_req(): not the request's own SYN and outside the window the SYN-ACK
  // offered → <SEQ=ISS+1><ACK=RCV.NXT><CTL=ACK>, drop (RFC 9293 §3.10.7.4 first).
  require_one(h.input(Harness::seg(kSyn, kIrs - 100000)), kAck, kIss + 1, kIrs + 1);
  CHECK(l.syn_queue.size() == 1);
}

TEST_CASE("listen: SYN_RECEIVED request + SYN inside its window -> RST,ACK, request gone",
          "[states]") {
  Harness h;
  const Listener& l = h.listen();
  h.input(Harness::seg(kSyn, kIrs));
  const std::size_t mark = h.trace().events.size();
  // In the window: RFC 9293 §3.10.7.4 fourth (SYN) resets the request; the reset answers a
  // segment without ACK: <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>.
  require_one(h.input(Harness::seg(kSyn, kIrs + 1000)), kRst | kAck, 0, kIrs + 1001);
  CHECK(l.syn_queue.empty());
  const auto states = h.states_since(mark);
  REQUIRE(states.size() == 1);
  CHECK(states[0].first == TcpState::SYN_RECEIVED);
  CHECK(states[0].second == TcpState::CLOSED);
}

TEST_CASE("listen: SYN_RECEIVED request + RST inside its window, not at RCV.NXT -> removed",
          "[states]") {
  Harness h;
  const Listener& l = h.listen();
  h.input(Harness::seg(kSyn, kIrs));
  require_none(h.input(Harness::seg(kRst, kIrs + 100000)));  // beyond 64240: ignored
  CHECK(l.syn_queue.size() == 1);
  require_none(h.input(Harness::seg(kRst, kIrs + 500)));  // no RFC 5961 challenge for requests
  CHECK(l.syn_queue.empty());
}

TEST_CASE("listen + SYN,FIN -> dropped, nothing sent, no request", "[states]") {
  Harness h;
  const Listener& l = h.listen();
  const std::size_t mark = h.trace().events.size();
  require_none(h.input(Harness::seg(kSyn | kFin, kIrs)));
  CHECK(l.syn_queue.empty());
  CHECK(h.states_since(mark).empty());
}

// ---------------------------------------------------------------- SYN_SENT

TEST_CASE("syn_sent + SYN,ACK -> ESTABLISHED, ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_SENT);
  require_one(h.input(Harness::seg(kSyn | kAck, kIrs, kIss + 1)), kAck, kIss + 1, kIrs + 1);
  CHECK(h.state() == TcpState::ESTABLISHED);
  CHECK(h.tcb().snd_una == kIss + 1);
  CHECK(h.tcb().rcv_nxt == kIrs + 1);
  CHECK(h.tcb().rtx_queue.empty());
  CHECK_FALSE(h.tcb().rtx_timer.armed());
}

TEST_CASE("syn_sent + SYN -> SYN_RECEIVED, SYN,ACK (simultaneous open)", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_SENT);
  // RFC 9293 §3.10.7.3 fourth: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
  require_one(h.input(Harness::seg(kSyn, kIrs)), kSyn | kAck, kIss, kIrs + 1);
  CHECK(h.state() == TcpState::SYN_RECEIVED);
  CHECK(h.tcb().rcv_nxt == kIrs + 1);
  CHECK(h.tcb().snd_una == kIss);
}

TEST_CASE("syn_sent + RST,ACK -> CLOSED, ECONNREFUSED", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_SENT);
  require_none(h.input(Harness::seg(kRst | kAck, 0, kIss + 1)));
  CHECK(h.state() == TcpState::CLOSED);
  CHECK_FALSE(h.alive());
  CHECK(h.tcb().error == AppResult::econnrefused);
}

TEST_CASE("syn_sent + RST without ACK -> ignored", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_SENT);
  // RFC 9293 §3.10.7.3: "Otherwise (no ACK), drop the segment and return."
  require_none(h.input(Harness::seg(kRst, kIrs)));
  CHECK(h.state() == TcpState::SYN_SENT);
}

TEST_CASE("syn_sent + ACK with bad ack -> RST seq=SEG.ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_SENT);
  // SEG.ACK > SND.NXT, then SEG.ACK =< ISS: both unacceptable (§3.10.7.3 first).
  require_one(h.input(Harness::seg(kAck, kIrs, kIss + 50)), kRst, kIss + 50, 0);
  require_one(h.input(Harness::seg(kSyn | kAck, kIrs, kIss)), kRst, kIss, 0);
  CHECK(h.state() == TcpState::SYN_SENT);
}

TEST_CASE("syn_sent + RST,ACK with bad ack -> ignored", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_SENT);
  require_none(h.input(Harness::seg(kRst | kAck, 0, kIss + 50)));
  CHECK(h.state() == TcpState::SYN_SENT);
}

TEST_CASE("syn_sent + SYN timeout -> SYN retransmitted after 1 s, 2 s, ...", "[states][timers]") {
  Harness h;
  h.make_tcb(TcpState::SYN_SENT);
  h.mark();
  h.run_until(3 * kMicrosPerSec);
  const auto out = h.sent_since_mark();
  REQUIRE(out.size() == 2);  // at 1 s and 1 + 2 = 3 s (RFC 6298 §5.5 backoff)
  CHECK(out[0].t == 1 * kMicrosPerSec);
  CHECK(out[1].t == 3 * kMicrosPerSec);
  for (const Sent& s : out) {
    CHECK(s.seg.flags == kSyn);
    CHECK(s.seg.seq == kIss);
  }
}

// ---------------------------------------------------------------- SYN_RECEIVED

TEST_CASE("syn_received + ACK -> ESTABLISHED", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_RECEIVED);
  require_none(h.input(Harness::seg(kAck, kIrs + 1, kIss + 1)));
  CHECK(h.state() == TcpState::ESTABLISHED);
  CHECK(h.tcb().snd_una == kIss + 1);
  CHECK(h.tcb().rtx_queue.empty());
}

TEST_CASE("syn_received + SYN,ACK (simultaneous open) -> ESTABLISHED, ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_RECEIVED);
  require_one(h.input(Harness::seg(kSyn | kAck, kIrs, kIss + 1)), kAck, kIss + 1, kIrs + 1);
  CHECK(h.state() == TcpState::ESTABLISHED);
}

TEST_CASE("syn_received + ACK with bad ack -> RST seq=SEG.ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_RECEIVED);
  require_one(h.input(Harness::seg(kAck, kIrs + 1, kIss + 7)), kRst, kIss + 7, 0);
  CHECK(h.state() == TcpState::SYN_RECEIVED);
}

TEST_CASE("syn_received + RST -> CLOSED (active open)", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_RECEIVED);
  require_none(h.input(Harness::seg(kRst, kIrs + 1)));
  CHECK(h.state() == TcpState::CLOSED);
  CHECK(h.tcb().error == AppResult::econnrefused);
}

TEST_CASE("syn_received + close -> FIN_WAIT_1, FIN", "[states]") {
  Harness h;
  h.make_tcb(TcpState::SYN_RECEIVED);
  h.mark();
  h.app_close();
  CHECK(h.state() == TcpState::FIN_WAIT_1);
  // RFC 9293 §3.10.4: queue the FIN until ESTABLISHED. The engine sends it at once at
  // SND.NXT = ISS+1, like Linux does for a SYN_RECV child that is closed.
  const auto out = h.sent_since_mark();
  REQUIRE_FALSE(out.empty());
  CHECK(out.back().seg.flags == (kFin | kAck));
  CHECK(out.back().seg.seq == kIss + 1);
}

// ---------------------------------------------------------------- ESTABLISHED

TEST_CASE("established + FIN -> CLOSE_WAIT, ACK delayed 40 ms", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  // Some data first, ACKed by the delayed-ACK timer: the connection is past its start.
  h.input(Harness::seg(kAck | kPsh, kIrs + 1, kIss + 1, 100));
  h.run_until(100 * kMicrosPerMs);
  require_none(h.input(Harness::seg(kFin | kAck, kIrs + 101, kIss + 1)));
  CHECK(h.state() == TcpState::CLOSE_WAIT);
  CHECK(h.tcb().rcv_nxt == kIrs + 102);
  CHECK(h.tcb().fin_received);
  CHECK(h.tcb().ack_pending);
  h.mark();
  h.run_until(140 * kMicrosPerMs - 1);
  require_none(h.sent_since_mark());
  h.run_until(140 * kMicrosPerMs);  // Linux TCP_DELACK_MIN
  require_one(h.sent_since_mark(), kAck, kIss + 1, kIrs + 102);
}

TEST_CASE("established + close -> FIN_WAIT_1, FIN", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.mark();
  h.app_close();
  require_one(h.sent_since_mark(), kFin | kAck, kIss + 1, kIrs + 1);
  CHECK(h.state() == TcpState::FIN_WAIT_1);
  CHECK(h.tcb().snd_nxt == kIss + 2);
  CHECK(h.tcb().rtx_timer.armed());
}

TEST_CASE("established + RST -> CLOSED, ECONNRESET", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  require_none(h.input(Harness::seg(kRst, kIrs + 1)));
  CHECK(h.state() == TcpState::CLOSED);
  CHECK(h.tcb().error == AppResult::econnreset);
}

TEST_CASE("established + in-window RST not at RCV.NXT -> challenge ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  // RFC 5961 §3.2.
  require_one(h.input(Harness::seg(kRst, kIrs + 100)), kAck, kIss + 1, kIrs + 1);
  CHECK(h.state() == TcpState::ESTABLISHED);
}

TEST_CASE("established + out-of-window RST -> ignored", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  require_none(h.input(Harness::seg(kRst, kIrs + 1 + 1000000)));
  require_none(h.input(Harness::seg(kRst, kIrs - 5)));
  CHECK(h.state() == TcpState::ESTABLISHED);
}

TEST_CASE("established + in-window SYN -> challenge ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  // RFC 5961 §4.2 (RFC 9293 §3.10.7.4 fourth): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
  require_one(h.input(Harness::seg(kSyn, kIrs + 100)), kAck, kIss + 1, kIrs + 1);
  CHECK(h.state() == TcpState::ESTABLISHED);
}

TEST_CASE("established + out-of-window segment -> ACK, state unchanged", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  require_one(h.input(Harness::seg(kAck, kIrs + 1 + 200000, kIss + 1, 100)), kAck, kIss + 1,
              kIrs + 1);
  CHECK(h.state() == TcpState::ESTABLISHED);
  CHECK(h.tcb().rcv_nxt == kIrs + 1);
  CHECK(h.tcb().rcv_unread == 0);
}

TEST_CASE("established + repeated out-of-window ACKs -> one reply per 500 ms", "[states]") {
  // Linux tcp_invalid_ratelimit: without it two endpoints that disagree about the window
  // would ACK each other in a loop.
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  const Segment old_ack = Harness::seg(kAck, kIrs + 1 + 200000, kIss + 1, 0);
  CHECK(h.input(old_ack).size() == 1);
  h.advance(100 * kMicrosPerMs);
  CHECK(h.input(old_ack).empty());  // 100 ms later: suppressed
  h.advance(450 * kMicrosPerMs);
  CHECK(h.input(old_ack).size() == 1);  // 550 ms after the first reply: answered again
  // Data is never part of an ACK loop, so it is always answered.
  CHECK(h.input(Harness::seg(kAck, kIrs + 1 + 200000, kIss + 1, 100)).size() == 1);
}

TEST_CASE("established + ACK of unsent data -> ACK, segment dropped", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  // RFC 9293 §3.10.7.4 fifth: SEG.ACK > SND.NXT → send an ACK, drop the segment.
  require_one(h.input(Harness::seg(kAck, kIrs + 1, kIss + 500, 10)), kAck, kIss + 1, kIrs + 1);
  CHECK(h.tcb().rcv_nxt == kIrs + 1);
  CHECK(h.tcb().snd_una == kIss + 1);
}

TEST_CASE("established + old reordered ACK -> send window unchanged", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.app_send(100);
  h.input(Harness::seg(kAck, kIrs + 1, kIss + 101, 0, 60000));
  CHECK(h.tcb().snd_wnd == 60000);
  // RFC 9293 §3.10.7.4 fifth: SEG.ACK < SND.UNA is a duplicate; it does not update SND.WND.
  require_none(h.input(Harness::seg(kAck, kIrs + 1, kIss + 1, 0, 10)));
  CHECK(h.tcb().snd_wnd == 60000);
  CHECK(h.tcb().snd_una == kIss + 101);
}

TEST_CASE("established + duplicate data -> ACK with D-SACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.input(Harness::seg(kAck | kPsh, kIrs + 1, kIss + 1, 100));
  CHECK(h.tcb().rcv_nxt == kIrs + 101);
  const auto out = h.input(Harness::seg(kAck | kPsh, kIrs + 1, kIss + 1, 100));
  require_one(out, kAck, kIss + 1, kIrs + 101);
  // RFC 2883 §4: the first SACK block reports the duplicate.
  REQUIRE(out[0].seg.opt.sack_count == 1);
  CHECK(out[0].seg.opt.sack[0].left == kIrs + 1);
  CHECK(out[0].seg.opt.sack[0].right == kIrs + 101);
}

TEST_CASE("established + out-of-order data -> duplicate ACK with SACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  const auto out = h.input(Harness::seg(kAck, kIrs + 101, kIss + 1, 100));
  require_one(out, kAck, kIss + 1, kIrs + 1);
  REQUIRE(out[0].seg.opt.sack_count == 1);
  CHECK(out[0].seg.opt.sack[0].left == kIrs + 101);
  CHECK(out[0].seg.opt.sack[0].right == kIrs + 201);
  // The hole is filled: everything is acknowledged at once.
  require_one(h.input(Harness::seg(kAck, kIrs + 1, kIss + 1, 100)), kAck, kIss + 1, kIrs + 201);
}

TEST_CASE("established + FIN beyond a hole -> SACKed and held; the hole fills -> CLOSE_WAIT",
          "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  // Linux queues the FIN out of order: a duplicate ACK at once, its SACK block covering the
  // data and the FIN's own sequence number.
  auto out = h.input(Harness::seg(kAck | kFin, kIrs + 101, kIss + 1, 100));
  require_one(out, kAck, kIss + 1, kIrs + 1);
  REQUIRE(out[0].seg.opt.sack_count == 1);
  CHECK(out[0].seg.opt.sack[0].left == kIrs + 101);
  CHECK(out[0].seg.opt.sack[0].right == kIrs + 202);
  CHECK(h.tcb().state == TcpState::ESTABLISHED);
  // The hole fills: data and FIN are acknowledged together, at once.
  out = h.input(Harness::seg(kAck, kIrs + 1, kIss + 1, 100));
  require_one(out, kAck, kIss + 1, kIrs + 202);
  CHECK(out[0].seg.opt.sack_count == 0);
  CHECK(h.tcb().state == TcpState::CLOSE_WAIT);
  CHECK(h.tcb().rcv_unread == 200);  // the FIN is not a byte to read
}

TEST_CASE("established + bare FIN beyond a hole -> duplicate ACK, FIN held", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  auto out = h.input(Harness::seg(kAck | kFin, kIrs + 101, kIss + 1, 0));
  require_one(out, kAck, kIss + 1, kIrs + 1);
  REQUIRE(out[0].seg.opt.sack_count == 1);
  CHECK(out[0].seg.opt.sack[0].left == kIrs + 101);
  CHECK(out[0].seg.opt.sack[0].right == kIrs + 102);
  require_one(h.input(Harness::seg(kAck, kIrs + 1, kIss + 1, 100)), kAck, kIss + 1, kIrs + 102);
  CHECK(h.tcb().state == TcpState::CLOSE_WAIT);
}

TEST_CASE("established + data with an older timestamp -> PAWS: dropped, duplicate ACK",
          "[states][paws]") {
  Harness h;
  TcbSetup setup;
  setup.timestamps = true;
  h.make_tcb(TcpState::ESTABLISHED, setup);
  h.input(with_ts(Harness::seg(kAck, kIrs + 1, kIss + 1, 100), 5000));  // TS.Recent = 5000
  CHECK(h.tcb().rcv_nxt == kIrs + 101);
  // RFC 7323 §5.3: TSval 4990 < TS.Recent: an old duplicate, whatever its sequence number.
  auto out = h.input(with_ts(Harness::seg(kAck, kIrs + 101, kIss + 1, 100), 4990));
  require_one(out, kAck, kIss + 1, kIrs + 101);
  CHECK(out[0].why.why == Why::paws_reject);
  CHECK(h.tcb().rcv_nxt == kIrs + 101);
  // One tick behind is tolerated (Linux TCP_PAWS_WINDOW).
  h.input(with_ts(Harness::seg(kAck, kIrs + 101, kIss + 1, 100), 4999));
  CHECK(h.tcb().rcv_nxt == kIrs + 201);
}

TEST_CASE("established + old data with an older timestamp -> PAWS duplicate ACK with D-SACK",
          "[states][paws]") {
  Harness h;
  TcbSetup setup;
  setup.timestamps = true;
  h.make_tcb(TcpState::ESTABLISHED, setup);
  h.input(with_ts(Harness::seg(kAck, kIrs + 1, kIss + 1, 100), 5000));
  const auto out = h.input(with_ts(Harness::seg(kAck, kIrs + 1, kIss + 1, 100), 4000));
  require_one(out, kAck, kIss + 1, kIrs + 101);
  REQUIRE(out[0].seg.opt.sack_count >= 1);
  CHECK(out[0].seg.opt.sack[0].left == kIrs + 1);
  CHECK(out[0].seg.opt.sack[0].right == kIrs + 101);
}

TEST_CASE("established + RST or a disordered pure ACK with an older timestamp -> not PAWS",
          "[states][paws]") {
  Harness h;
  TcbSetup setup;
  setup.timestamps = true;
  h.make_tcb(TcpState::ESTABLISHED, setup);
  h.input(with_ts(Harness::seg(kAck, kIrs + 1, kIss + 1, 100), 5000));
  // A pure duplicate ACK lagging less than an RTO is let through (Linux tcp_disordered_ack):
  // nothing to answer.
  require_none(h.input(with_ts(Harness::seg(kAck, kIrs + 101, kIss + 1), 4990)));
  // "Reset is accepted even if it did not pass PAWS" (Linux tcp_validate_incoming).
  require_none(h.input(with_ts(Harness::seg(kRst, kIrs + 101), 10)));
  CHECK(went_through(h, TcpState::CLOSED));
}

// ---------------------------------------------------------------- FIN_WAIT_1

TEST_CASE("fin_wait_1 + ACK of FIN -> FIN_WAIT_2", "[states]") {
  Harness h;
  h.make_tcb(TcpState::FIN_WAIT_1);
  require_none(h.input(Harness::seg(kAck, kIrs + 1, kIss + 2)));
  CHECK(h.state() == TcpState::FIN_WAIT_2);
  CHECK(h.tcb().rtx_queue.empty());
  CHECK_FALSE(h.tcb().rtx_timer.armed());
}

TEST_CASE("fin_wait_1 + FIN -> CLOSING, ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::FIN_WAIT_1);
  require_one(h.input(Harness::seg(kFin | kAck, kIrs + 1, kIss + 1)), kAck, kIss + 2, kIrs + 2);
  CHECK(h.state() == TcpState::CLOSING);
}

TEST_CASE("fin_wait_1 + FIN,ACK acking our FIN -> TIME_WAIT, ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::FIN_WAIT_1);
  require_one(h.input(Harness::seg(kFin | kAck, kIrs + 1, kIss + 2)), kAck, kIss + 2, kIrs + 2);
  CHECK(h.state() == TcpState::TIME_WAIT);
  CHECK(h.tcb().close_timer.deadline == h.now() + 60 * kMicrosPerSec);
}

TEST_CASE("fin_wait_1 + FIN timeout -> FIN retransmitted", "[states][timers]") {
  Harness h;
  h.make_tcb(TcpState::FIN_WAIT_1);
  h.mark();
  h.run_until(kRto);
  require_one(h.sent_since_mark(), kFin | kAck, kIss + 1, kIrs + 1);
}

// ---------------------------------------------------------------- FIN_WAIT_2

TEST_CASE("fin_wait_2 + FIN -> TIME_WAIT, ACK sent", "[states]") {
  Harness h;
  h.make_tcb(TcpState::FIN_WAIT_2);
  require_one(h.input(Harness::seg(kFin | kAck, kIrs + 1, kIss + 2)), kAck, kIss + 2, kIrs + 2);
  CHECK(h.state() == TcpState::TIME_WAIT);
  CHECK(h.tcb().close_timer.deadline == h.now() + 60 * kMicrosPerSec);
}

TEST_CASE("fin_wait_2 + data -> still FIN_WAIT_2, data accepted", "[states]") {
  Harness h;
  h.make_tcb(TcpState::FIN_WAIT_2);  // half-close (shutdown): the process still reads
  h.input(Harness::seg(kAck | kPsh, kIrs + 1, kIss + 2, 10));
  CHECK(h.state() == TcpState::FIN_WAIT_2);
  CHECK(h.tcb().rcv_nxt == kIrs + 11);
}

TEST_CASE("fin_wait_2 orphaned -> CLOSED after tcp_fin_timeout", "[states][timers]") {
  Harness h({.sysctls = {{Knob::tcp_fin_timeout, 30}}});
  h.make_tcb(TcpState::ESTABLISHED);
  h.app_close();  // the public path: close() → FIN_WAIT_1, orphaned
  h.input(Harness::seg(kAck, kIrs + 1, kIss + 2));
  REQUIRE(h.state() == TcpState::FIN_WAIT_2);
  const Micros entered = h.now();
  h.mark();
  h.run_until(entered + 30 * kMicrosPerSec - 1);
  CHECK(h.state() == TcpState::FIN_WAIT_2);
  h.run_until(entered + 30 * kMicrosPerSec);
  CHECK(h.state() == TcpState::CLOSED);
  CHECK_FALSE(went_through(h, TcpState::TIME_WAIT));
  require_none(h.sent_since_mark());
}

TEST_CASE("fin_wait_2 not orphaned (shutdown) -> no timeout", "[states][timers]") {
  Harness h({.sysctls = {{Knob::tcp_fin_timeout, 30}}});
  h.make_tcb(TcpState::FIN_WAIT_2);
  h.run_until(600 * kMicrosPerSec);
  CHECK(h.state() == TcpState::FIN_WAIT_2);
}

// ---------------------------------------------------------------- CLOSING / CLOSE_WAIT / LAST_ACK

TEST_CASE("closing + ACK -> TIME_WAIT", "[states]") {
  Harness h;
  h.make_tcb(TcpState::CLOSING);
  require_none(h.input(Harness::seg(kAck, kIrs + 2, kIss + 2)));
  CHECK(h.state() == TcpState::TIME_WAIT);
  CHECK(h.tcb().close_timer.deadline == h.now() + 60 * kMicrosPerSec);
}

TEST_CASE("close_wait + close -> LAST_ACK, FIN", "[states]") {
  Harness h;
  h.make_tcb(TcpState::CLOSE_WAIT);
  h.mark();
  h.app_close();
  require_one(h.sent_since_mark(), kFin | kAck, kIss + 1, kIrs + 2);
  CHECK(h.state() == TcpState::LAST_ACK);
}

TEST_CASE("close_wait + retransmitted FIN -> ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::CLOSE_WAIT);
  require_one(h.input(Harness::seg(kFin | kAck, kIrs + 1, kIss + 1)), kAck, kIss + 1, kIrs + 2);
  CHECK(h.state() == TcpState::CLOSE_WAIT);
}

TEST_CASE("last_ack + ACK -> CLOSED", "[states]") {
  Harness h;
  h.make_tcb(TcpState::LAST_ACK);
  require_none(h.input(Harness::seg(kAck, kIrs + 2, kIss + 2)));
  CHECK(h.state() == TcpState::CLOSED);
  CHECK_FALSE(went_through(h, TcpState::TIME_WAIT));
}

TEST_CASE("last_ack + ACK not covering the FIN -> still LAST_ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::LAST_ACK);
  require_none(h.input(Harness::seg(kAck, kIrs + 2, kIss + 1)));
  CHECK(h.state() == TcpState::LAST_ACK);
}

// ---------------------------------------------------------------- TIME_WAIT

TEST_CASE("time_wait expiry after 60 s -> CLOSED", "[states][timers]") {
  Harness h;
  h.make_tcb(TcpState::TIME_WAIT);
  h.mark();
  h.run_until(60 * kMicrosPerSec - 1);
  CHECK(h.state() == TcpState::TIME_WAIT);
  h.run_until(60 * kMicrosPerSec);  // 2MSL, Linux TCP_TIMEWAIT_LEN
  CHECK(h.state() == TcpState::CLOSED);
  require_none(h.sent_since_mark());
}

TEST_CASE("time_wait + retransmitted FIN -> ACK again, 60 s timer restarts", "[states]") {
  Harness h;
  h.make_tcb(TcpState::TIME_WAIT);
  h.run_until(30 * kMicrosPerSec);
  require_one(h.input(Harness::seg(kFin | kAck, kIrs + 1, kIss + 2)), kAck, kIss + 2, kIrs + 2);
  // RFC 9293 §3.10.7.4 eighth, TIME-WAIT: "Restart the 2 MSL time-wait timeout."
  CHECK(h.tcb().close_timer.deadline == 90 * kMicrosPerSec);
  h.run_until(90 * kMicrosPerSec - 1);
  CHECK(h.state() == TcpState::TIME_WAIT);
  h.run_until(90 * kMicrosPerSec);
  CHECK(h.state() == TcpState::CLOSED);
}

TEST_CASE("time_wait + in-window RST -> CLOSED (Linux, tcp_rfc1337=0)", "[states]") {
  Harness h;
  h.make_tcb(TcpState::TIME_WAIT);
  require_none(h.input(Harness::seg(kRst, kIrs + 2)));
  CHECK(h.state() == TcpState::CLOSED);
}

TEST_CASE("time_wait + out-of-window RST -> ignored", "[states]") {
  Harness h;
  h.make_tcb(TcpState::TIME_WAIT);
  // RFC 9293 §3.10.7.4 first: an unacceptable RST is dropped, in TIME-WAIT as anywhere
  // (Linux tcp_timewait_state_process kills only on SEG.SEQ == RCV.NXT).
  require_none(h.input(Harness::seg(kRst, kIrs + 2 + 1000000)));
  CHECK(h.state() == TcpState::TIME_WAIT);
}

TEST_CASE("time_wait + in-window bare ACK -> nothing sent, 60 s restart", "[states]") {
  Harness h;
  h.make_tcb(TcpState::TIME_WAIT);
  h.run_until(10 * kMicrosPerSec);
  // Acceptable segment, no FIN: RFC 9293 §3.10.7.4 has nothing to answer (answering it
  // makes two TIME_WAIT ends ACK each other forever). Linux restarts TIME_WAIT
  // (tcp_timewait_state_process: inet_twsk_reschedule).
  require_none(h.input(Harness::seg(kAck, kIrs + 2, kIss + 2)));
  CHECK(h.state() == TcpState::TIME_WAIT);
  CHECK(h.tcb().close_timer.deadline == 70 * kMicrosPerSec);
}

TEST_CASE("time_wait + segment with an older timestamp -> PAWS: ACK, timer restarts",
          "[states][paws]") {
  Harness h;
  TcbSetup setup;
  setup.timestamps = true;
  h.make_tcb(TcpState::TIME_WAIT, setup);
  h.tcb().ts_recent = 5000;
  h.tcb().ts_recent_stamp = 0;
  h.run_until(10 * kMicrosPerSec);
  // In TIME_WAIT PAWS has no one-tick tolerance (tcp_paws_reject with window 0).
  const auto out = h.input(with_ts(Harness::seg(kAck, kIrs + 2, kIss + 2, 0), 4999));
  require_one(out, kAck, kIss + 2, kIrs + 2);
  CHECK(out[0].why.why == Why::paws_reject);
  CHECK(h.tcb().close_timer.deadline == 70 * kMicrosPerSec);
}

TEST_CASE("time_wait + SYN with a lower ISN but a newer timestamp -> new connection",
          "[states][paws]") {
  Harness h;
  h.listen();
  TcbSetup setup;
  setup.timestamps = true;
  h.make_tcb(TcpState::TIME_WAIT, setup);
  h.tcb().ts_recent = 5000;
  h.tcb().ts_recent_stamp = 0;
  // Below RCV.NXT and an older timestamp: an old duplicate SYN, answered with an ACK.
  require_one(h.input(with_ts(Harness::seg(kSyn, kIrs - 1000), 4000)), kAck, kIss + 2, kIrs + 2);
  CHECK(h.state() == TcpState::TIME_WAIT);
  // Below RCV.NXT but a newer timestamp: Linux lets the new incarnation take over
  // (tcp_timewait_state_process, TCP_TW_SYN); the listener answers with a SYN-ACK.
  const auto out = h.input(with_ts(Harness::seg(kSyn, kIrs - 1000), 6000));
  REQUIRE(out.size() == 1);
  CHECK(flags_to_string(out[0].seg.flags) == flags_to_string(kSyn | kAck));
  CHECK(out[0].seg.ack == kIrs - 999);
}

TEST_CASE("time_wait + old segment -> ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::TIME_WAIT);
  require_one(h.input(Harness::seg(kAck, kIrs - 100, kIss + 2, 50)), kAck, kIss + 2, kIrs + 2);
  CHECK(h.state() == TcpState::TIME_WAIT);
}

// ---------------------------------------------------------------- data timers

TEST_CASE("established: RTO retransmission, timeout doubles each time", "[states][timers]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.mark();
  h.app_send(1000);
  h.run_until(kRto * 15);
  const auto out = h.sent_since_mark();
  // RFC 6298 §5.5: RTO, then 2·RTO, 4·RTO: at 0, R, 3R, 7R, 15R.
  REQUIRE(out.size() == 5);
  const Micros expect[] = {0, kRto, 3 * kRto, 7 * kRto, 15 * kRto};
  for (std::size_t i = 0; i < out.size(); ++i) {
    CHECK(out[i].t == expect[i]);
    CHECK(out[i].seg.seq == kIss + 1);
    CHECK(out[i].seg.len == 1000);
    CHECK(out[i].seg.ack == kIrs + 1);
    CHECK((out[i].seg.flags & kAck) != 0);
  }
  CHECK(h.tcb().rto == 16 * kRto);
  CHECK(h.tcb().retransmits == 4);
}

TEST_CASE("established: third duplicate ACK -> fast retransmit", "[states][timers]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED, {.sack = false});
  h.app_send(5 * kMss);
  REQUIRE(h.tcb().snd_nxt == kIss + 1 + 5 * kMss);
  // The first segment arrives; the second is lost; 3, 4, 5 each produce a duplicate ACK.
  const std::uint32_t una = kIss + 1 + kMss;
  require_none(h.input(Harness::seg(kAck, kIrs + 1, una)));
  require_none(h.input(Harness::seg(kAck, kIrs + 1, una)));
  require_none(h.input(Harness::seg(kAck, kIrs + 1, una)));
  // RFC 5681 §3.2: on the third duplicate ACK, retransmit the missing segment at once.
  require_one(h.input(Harness::seg(kAck, kIrs + 1, una)), kAck, una, kIrs + 1, kMss);
  CHECK(h.tcb().in_recovery);
}

TEST_CASE("established: SACK reveals a second hole -> it is retransmitted", "[states][timers]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.app_send(6 * kMss);
  auto seg_start = [](int i) { return kIss + 1 + static_cast<std::uint32_t>(i - 1) * kMss; };
  auto dup = [&](std::initializer_list<SackBlock> blocks) {
    Segment s = Harness::seg(kAck, kIrs + 1, kIss + 1);
    for (const SackBlock& b : blocks) s.opt.sack[s.opt.sack_count++] = b;
    return h.input(s);
  };
  // Segments 1 and 3 are lost; 2, 4, 5, 6 arrive and are SACKed (most recent block first).
  require_none(dup({{seg_start(2), seg_start(3)}}));
  require_none(dup({{seg_start(4), seg_start(5)}, {seg_start(2), seg_start(3)}}));
  require_one(dup({{seg_start(4), seg_start(6)}, {seg_start(2), seg_start(3)}}), kAck, seg_start(1),
              kIrs + 1, kMss);
  // Three SACKed segments above segment 3 make it lost too (RFC 6675 §4 IsLost, §5 NextSeg).
  require_one(dup({{seg_start(4), seg_start(7)}, {seg_start(2), seg_start(3)}}), kAck, seg_start(3),
              kIrs + 1, kMss);
}

TEST_CASE("established: keepalive probes seq=SND.NXT-1, RST after tcp_keepalive_probes",
          "[states][timers]") {
  Harness h({.sysctls = {{Knob::tcp_keepalive_time, 10},
                         {Knob::tcp_keepalive_intvl, 5},
                         {Knob::tcp_keepalive_probes, 3}}});
  Tcb& t = h.make_tcb(TcpState::ESTABLISHED);
  t.keepalive = true;
  h.stack().arm_keepalive(h.now(), t);
  h.mark();
  h.run_until(25 * kMicrosPerSec - 1);
  auto out = h.sent_since_mark();
  REQUIRE(out.size() == 3);  // at 10, 15, 20 s
  for (std::size_t i = 0; i < out.size(); ++i) {
    CHECK(out[i].t == (10 + 5 * static_cast<Micros>(i)) * kMicrosPerSec);
    CHECK(out[i].seg.flags == kAck);
    CHECK(out[i].seg.seq == kIss);  // SND.NXT - 1 (RFC 1122 §4.2.3.6)
    CHECK(out[i].seg.ack == kIrs + 1);
    CHECK(out[i].seg.len == 0);
  }
  CHECK(h.state() == TcpState::ESTABLISHED);
  h.mark();
  h.run_until(25 * kMicrosPerSec);  // the third probe's interval ran out unanswered
  require_one(h.sent_since_mark(), kRst | kAck, kIss + 1, kIrs + 1);
  CHECK(h.state() == TcpState::CLOSED);
  CHECK(h.tcb().error == AppResult::etimedout);
}

TEST_CASE("established: an answered keepalive probe restarts the idle time", "[states][timers]") {
  Harness h({.sysctls = {{Knob::tcp_keepalive_time, 10},
                         {Knob::tcp_keepalive_intvl, 5},
                         {Knob::tcp_keepalive_probes, 3}}});
  Tcb& t = h.make_tcb(TcpState::ESTABLISHED);
  t.keepalive = true;
  h.stack().arm_keepalive(h.now(), t);
  h.run_until(12 * kMicrosPerSec);
  require_none(h.input(Harness::seg(kAck, kIrs + 1, kIss + 1)));  // the probe's answer
  CHECK(h.tcb().probes_out == 0);
  h.mark();
  h.run_until(30 * kMicrosPerSec);
  const auto out = h.sent_since_mark();
  REQUIRE(out.size() == 2);  // idle again from 12 s: probes at 22 and 27 s
  CHECK(out[0].t == 22 * kMicrosPerSec);
  CHECK(out[1].t == 27 * kMicrosPerSec);
  CHECK(h.state() == TcpState::ESTABLISHED);
}

// ---------------------------------------------------------------- aborts

TEST_CASE("established + close with SO_LINGER {1,0} -> RST,ACK, no TIME_WAIT", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.mark();
  h.app_close(true);
  require_one(h.sent_since_mark(), kRst | kAck, kIss + 1, kIrs + 1);
  CHECK(h.state() == TcpState::CLOSED);
  CHECK_FALSE(went_through(h, TcpState::TIME_WAIT));
  CHECK_FALSE(went_through(h, TcpState::FIN_WAIT_1));
}

TEST_CASE("established + close with unread data -> RST", "[states]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.input(Harness::seg(kAck | kPsh, kIrs + 1, kIss + 1, 100));
  REQUIRE(h.tcb().rcv_unread == 100);
  h.mark();
  h.app_close();
  // RFC 2525 §2.17 / RFC 9293 §3.10.4 note; Linux tcp_close() sends RST, not FIN.
  require_one(h.sent_since_mark(), kRst | kAck, kIss + 1, kIrs + 101);
  CHECK(h.state() == TcpState::CLOSED);
}

// Linux answers data nobody can read like a segment to no connection (tcp_v4_send_reset):
// a bare RST whose seq is the segment's ACK, not a RST,ACK from the socket's SND.NXT.
TEST_CASE("fin_wait_2 orphaned + new data -> RST seq=SEG.ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::FIN_WAIT_2, {.orphaned = true});
  require_one(h.input(Harness::seg(kAck | kPsh, kIrs + 1, kIss + 2, 10)), kRst, kIss + 2, 0);
  CHECK(h.state() == TcpState::CLOSED);
}

TEST_CASE("fin_wait_1 orphaned + data not acking the FIN -> RST seq=SEG.ACK", "[states]") {
  Harness h;
  h.make_tcb(TcpState::FIN_WAIT_1, {.orphaned = true});  // FIN at kIss + 1, SND.NXT kIss + 2
  require_one(h.input(Harness::seg(kAck | kPsh, kIrs + 1, kIss + 1, 10)), kRst, kIss + 1, 0);
  CHECK(h.state() == TcpState::CLOSED);
}

TEST_CASE("fin_wait_1 orphaned: tcp_orphan_retries=2 gives up by time, from the first RTO",
          "[states][timers]") {
  // (2^3 - 1) x 200 ms = 1.4 s counted from the first retransmission: with a 220 ms RTO the
  // retransmissions leave at 0.22, 0.66 and 1.54 s (0.88 s after the first, under 1.4 s), and
  // the check at 3.30 s (3.08 s after it) gives up: the FIN goes out four times in all.
  Harness h({.sysctls = {{Knob::tcp_orphan_retries, 2}, {Knob::tcp_early_retrans, 0}}});
  h.make_tcb(TcpState::FIN_WAIT_1, {.orphaned = true});
  h.mark();
  h.run_until(10 * kMicrosPerSec);
  std::vector<Micros> fins;
  for (const Sent& s : h.sent_since_mark()) {
    if (s.seg.has(kFin)) fins.push_back(s.t);
  }
  CHECK(fins == std::vector<Micros>{kRto, 3 * kRto, 7 * kRto});
  CHECK_FALSE(h.alive());
  bool gave_up = false;
  for (const Event& e : h.trace().events) {
    if (e.reason.why == Why::orphan_retries_exhausted) {
      gave_up = true;
      CHECK(e.t == 15 * kRto);
    }
  }
  CHECK(gave_up);
}

// ---------------------------------------------------------------- whole exchanges

namespace {

ScenarioSpec two_hosts() {
  ScenarioSpec s;
  s.id = "states";
  s.hosts = {{"a", kLocalAddr, {}}, {"b", kRemoteAddr, {}}};
  s.latency = 10 * kMicrosPerMs;
  return s;
}

StepSpec step(AppCall call) {
  StepSpec s;
  s.call = call;
  return s;
}
StepSpec connect_step(const std::string& peer, std::uint16_t port, std::uint16_t local_port = 0) {
  StepSpec s = step(AppCall::connect);
  s.peer = peer;
  s.port = port;
  s.local_port = local_port;
  return s;
}
StepSpec sleep_step(Micros d) {
  StepSpec s = step(AppCall::sleep);
  s.duration = d;
  return s;
}
StepSpec listen_step(std::uint16_t port) {
  StepSpec s = step(AppCall::listen);
  s.port = port;
  return s;
}

// The (from, to) state changes of one host, for connections only (not the listener).
std::vector<std::pair<TcpState, TcpState>> host_states(const Trace& t, std::uint16_t host) {
  std::vector<std::pair<TcpState, TcpState>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::state && e.host == host && e.from != TcpState::CLOSED &&
        e.to != TcpState::LISTEN && e.from != TcpState::LISTEN)
      out.emplace_back(e.from, e.to);
  }
  return out;
}

using S = TcpState;

}  // namespace

TEST_CASE("scenario: simultaneous open -> both SYN_SENT, SYN_RECEIVED, ESTABLISHED", "[states]") {
  ScenarioSpec s = two_hosts();
  s.programs = {{"pa", "a", 0, {connect_step("b", 6000, 5000), sleep_step(kMicrosPerSec)}},
                {"pb", "b", 0, {connect_step("a", 5000, 6000), sleep_step(kMicrosPerSec)}}};
  s.stop_at = 500 * kMicrosPerMs;
  const Trace t = run_scenario(s);
  for (std::uint16_t host : {0, 1}) {
    const auto st = host_states(t, host);
    REQUIRE(st.size() == 2);
    CHECK(st[0] == std::pair{S::SYN_SENT, S::SYN_RECEIVED});
    CHECK(st[1] == std::pair{S::SYN_RECEIVED, S::ESTABLISHED});
  }
  // SYN, SYN, SYN-ACK, SYN-ACK, ACK, ACK; nothing else.
  std::vector<std::uint8_t> flags;
  for (const SegmentRecord& r : t.segments) flags.push_back(r.seg.flags);
  CHECK(std::count(flags.begin(), flags.end(), kSyn) == 2);
  CHECK(std::count(flags.begin(), flags.end(), kSyn | kAck) == 2);
  CHECK(std::count(flags.begin(), flags.end(), kAck) == 2);
  CHECK(flags.size() == 6);
}

TEST_CASE("scenario: open, data, close -> the client and server paths of Figure 5", "[states]") {
  ScenarioSpec s = two_hosts();
  StepSpec send = step(AppCall::send);
  send.bytes = 100;
  s.programs = {{"client", "a", 0, {connect_step("b", 80), send, step(AppCall::close)}},
                {"server",
                 "b",
                 0,
                 {listen_step(80), step(AppCall::accept), step(AppCall::recv), step(AppCall::recv),
                  step(AppCall::close), sleep_step(kMicrosPerSec)}}};
  const Trace t = run_scenario(s);
  const std::vector<std::pair<S, S>> client = {{S::SYN_SENT, S::ESTABLISHED},
                                               {S::ESTABLISHED, S::FIN_WAIT_1},
                                               {S::FIN_WAIT_1, S::FIN_WAIT_2},
                                               {S::FIN_WAIT_2, S::TIME_WAIT},
                                               {S::TIME_WAIT, S::CLOSED}};
  const std::vector<std::pair<S, S>> server = {{S::SYN_RECEIVED, S::ESTABLISHED},
                                               {S::ESTABLISHED, S::CLOSE_WAIT},
                                               {S::CLOSE_WAIT, S::LAST_ACK},
                                               {S::LAST_ACK, S::CLOSED}};
  CHECK(host_states(t, 0) == client);
  CHECK(host_states(t, 1) == server);
  CHECK_FALSE(t.truncated);
}

TEST_CASE("scenario: a cancelled keepalive timer does not make a clean run look cut off",
          "[states][timers]") {
  // SO_KEEPALIVE arms a 2-hour timer; the connection closes within a second and is gone
  // after TIME_WAIT. The run has nothing left to do, so the 10-minute limit did not stop it.
  ScenarioSpec s = two_hosts();
  StepSpec keepalive = step(AppCall::keepalive);
  s.programs = {
      {"client", "a", 0, {keepalive, connect_step("b", 80), step(AppCall::close)}},
      {"server",
       "b",
       0,
       {listen_step(80), step(AppCall::accept), step(AppCall::recv), step(AppCall::close)}}};
  RunOptions o;
  o.time_limit = 600 * kMicrosPerSec;
  const Trace t = run_scenario(s, o);
  bool armed = false;
  for (const Event& e : t.events) {
    armed = armed || (e.type == EventType::timer && e.timer == TimerKind::keepalive &&
                      e.action == TimerAction::armed);
  }
  REQUIRE(armed);
  CHECK(host_states(t, 0).back() == std::pair{S::TIME_WAIT, S::CLOSED});
  CHECK_FALSE(t.truncated);
  CHECK(t.end_time < 120 * kMicrosPerSec);
}

TEST_CASE("scenario: simultaneous close -> CLOSING on both sides, no ACK storm", "[states]") {
  ScenarioSpec s = two_hosts();
  // Both close at exactly 1 s: the client's connect returns at 20 ms, the server's accept
  // at 30 ms (10 ms each way).
  s.programs = {{"client",
                 "a",
                 0,
                 {connect_step("b", 80), sleep_step(980 * kMicrosPerMs), step(AppCall::close)}},
                {"server",
                 "b",
                 0,
                 {listen_step(80), step(AppCall::accept), sleep_step(970 * kMicrosPerMs),
                  step(AppCall::close), sleep_step(100 * kMicrosPerSec)}}};
  // A duplicate of the client's ACK of the server's FIN reaches the server in TIME_WAIT.
  RuleSpec dup;
  dup.action = RuleAction::duplicate;
  dup.match.from = "a";
  dup.match.flags = kAck;
  dup.match.after = 500 * kMicrosPerMs;
  dup.match.nth = 1;
  dup.delay = 5 * kMicrosPerMs;
  s.rules = {dup};
  const Trace t = run_scenario(s);
  const std::vector<std::pair<S, S>> closing = {{S::ESTABLISHED, S::FIN_WAIT_1},
                                                {S::FIN_WAIT_1, S::CLOSING},
                                                {S::CLOSING, S::TIME_WAIT},
                                                {S::TIME_WAIT, S::CLOSED}};
  for (std::uint16_t host : {0, 1}) {
    auto st = host_states(t, host);
    REQUIRE(st.size() == 5);
    st.erase(st.begin());  // the handshake
    CHECK(st == closing);
  }
  // FIN + ACK from each side, nothing after: the duplicate ACK is acceptable in TIME_WAIT
  // and needs no answer.
  int after_close = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && e.t >= kMicrosPerSec) ++after_close;
  }
  CHECK(after_close == 4);
}
