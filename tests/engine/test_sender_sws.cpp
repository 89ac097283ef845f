// Sender-side silly window avoidance (RFC 9293 §3.8.6.2.1), as Linux does it: a segment goes
// only when it fits the peer's window whole (tcp_snd_wnd_test), the persist timer sends what
// fits into a window that stays too small (tcp_write_wakeup), and a peer that never offers
// much gets segments of half its largest window (tcp_bound_to_half_wnd). One host stack,
// driven through the harness; the test plays the receiver.
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/tcp_harness.hpp"

using namespace synack;
using namespace synack::test;

namespace {

constexpr std::uint32_t kMss = 1460;  // peer MSS 1460, no timestamps

// An ACK from the peer acknowledging everything up to kIss + 1 + `acked`, with window `win`.
Segment ack_of(std::uint32_t acked, std::uint16_t win) {
  return Harness::seg(kAck, kIrs + 1, kIss + 1 + acked, 0, win);
}

std::string lengths(const std::vector<Sent>& out) {
  std::string s;
  for (const Sent& x : out) s += std::to_string(x.seg.len) + " ";
  return s;
}

}  // namespace

TEST_CASE("sender SWS: a window with room for less than a segment is not filled", "[flow][sws]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.input(ack_of(0, 64240));  // the largest window this peer offers
  h.input(ack_of(0, 2000));   // its reader fell behind: 2000 bytes of room

  h.mark();
  h.app_send(5000);
  std::vector<Sent> out = h.sent_since_mark();
  INFO("lengths: " << lengths(out));
  REQUIRE(out.size() == 1);  // 1460 fits; the 540 bytes left would be a sliver
  CHECK(out[0].seg.len == kMss);

  // The segment is ACKed and the window still has room for 2000: again one full segment.
  out = h.input(ack_of(kMss, 2000));
  INFO("lengths: " << lengths(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].seg.len == kMss);
  CHECK(out[0].seg.seq == kIss + 1 + kMss);

  // The window opens far enough for the rest: all of it goes, the last piece smaller.
  out = h.input(ack_of(2 * kMss, 8000));
  INFO("lengths: " << lengths(out));
  REQUIRE(out.size() == 2);
  CHECK(out[0].seg.len == kMss);
  CHECK(out[1].seg.len == 5000 - 3 * kMss);
  CHECK(out[1].seg.has(kPsh));
}

TEST_CASE("sender SWS: all that is queued goes if it fits, however small", "[flow][sws]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.input(ack_of(0, 64240));
  h.input(ack_of(0, 600));
  h.mark();
  h.app_send(500);  // nothing in flight, so Nagle lets the small write go
  const std::vector<Sent> out = h.sent_since_mark();
  REQUIRE(out.size() == 1);
  CHECK(out[0].seg.len == 500);
}

TEST_CASE("sender SWS: the persist timer sends what fits into a window that stays small",
          "[flow][sws]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.input(ack_of(0, 64240));
  h.input(ack_of(0, 1000));
  h.mark();
  h.app_send(3000);
  CHECK(h.sent_since_mark().empty());  // 1000 bytes of room, a segment is 1460
  REQUIRE(h.tcb().rtx_timer.armed());
  CHECK(h.tcb().rtx_kind == TimerKind::zero_window_probe);

  // Nothing in flight, so no ACK will come to open the window: after one probe interval
  // (the RTO, 220 ms here) the persist timer sends the 1000 bytes that fit, with PSH.
  h.advance(kRto - 1);
  CHECK(h.sent_since_mark().empty());
  h.advance(1);
  const std::vector<Sent> out = h.sent_since_mark();
  INFO("lengths: " << lengths(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].seg.len == 1000);
  CHECK(out[0].seg.has(kPsh));
  CHECK(out[0].why.why == Why::data_sws_override);
  CHECK(out[0].why.a == 1000);
  // Now data is in flight: the retransmission timer watches it, not the persist timer.
  CHECK(h.tcb().rtx_kind != TimerKind::zero_window_probe);
}

TEST_CASE("sender SWS: a peer that never offers two segments gets half its window", "[flow][sws]") {
  Harness h;
  h.make_tcb(TcpState::ESTABLISHED);
  h.input(ack_of(0, 1000));  // the largest window it ever offers: 1000 bytes
  h.mark();
  h.app_send(3000);
  const std::vector<Sent> out = h.sent_since_mark();
  INFO("lengths: " << lengths(out));
  // Segments of 500 bytes (Linux tcp_bound_to_half_wnd), so two are in flight at a time and
  // the ACK of the first opens room for a third while the second travels.
  REQUIRE(out.size() == 2);
  CHECK(out[0].seg.len == 500);
  CHECK(out[1].seg.len == 500);
}
