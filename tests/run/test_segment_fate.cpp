// What the inspector says became of a segment: lost (and why), or arrived and what the
// receiver did at that instant, read from real scenario traces.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/run/segment_fate.hpp"
#include "tests/support/catalog_fixture.hpp"

using namespace synack;
using catalog_test::run_id;

namespace {

// Index of the n-th (1-based) segment `host` sent with exactly these flags.
std::uint32_t nth_segment(const Trace& t, std::string_view host, std::uint8_t flags, int n = 1) {
  for (std::uint32_t i = 0; i < t.segments.size(); ++i) {
    const SegmentRecord& r = t.segments[i];
    if (t.host_name(r.from_host) == host && r.seg.flags == flags && --n == 0) return i;
  }
  FAIL("no such segment");
  return 0;
}

bool reaction_has(const Trace& t, const SegmentFate& f, EventType type, std::string_view host,
                  auto&& pred) {
  return std::any_of(f.reaction.begin(), f.reaction.end(), [&](std::size_t i) {
    const Event& e = t.events[i];
    return e.type == type && t.host_name(e.host) == host && pred(e);
  });
}

}  // namespace

TEST_CASE("segment fate: the lost third ACK, and the one that completes the handshake",
          "[segment_fate]") {
  const Trace t = run_id("ack-lost");
  const std::uint32_t lost_ack = nth_segment(t, "client", kAck, 1);
  const SegmentFate lost = segment_fate(TraceIndex(t), lost_ack);
  REQUIRE(lost.sent);
  CHECK(t.events[*lost.sent].reason.why == Why::synack_received);  // why it was sent
  REQUIRE(lost.lost);
  CHECK(t.events[*lost.lost].reason.why == Why::net_drop_rule);
  CHECK_FALSE(lost.arrived);
  CHECK(lost.reaction.empty());

  const SegmentFate second = segment_fate(TraceIndex(t), nth_segment(t, "client", kAck, 2));
  REQUIRE(second.arrived);
  CHECK_FALSE(second.lost);
  CHECK(t.events[*second.arrived].reason.why == Why::segment_arrived);
  CHECK(t.events[*second.arrived].reason.b == 10'000);  // 10 ms in the network
  CHECK(reaction_has(t, second, EventType::state, "server", [](const Event& e) {
    return e.from == TcpState::SYN_RECEIVED && e.to == TcpState::ESTABLISHED &&
           e.reason.why == Why::handshake_ack;
  }));
  CHECK(reaction_has(t, second, EventType::app, "server", [](const Event& e) {
    return e.call == AppCall::accept && e.result == AppResult::ok;
  }));
  // The recv() the server's program calls next is its own doing, not the ACK's.
  CHECK_FALSE(reaction_has(t, second, EventType::app, "server",
                           [](const Event& e) { return e.call == AppCall::recv; }));
  // Nothing on the client, nothing after the instant.
  for (std::size_t i : second.reaction) {
    CHECK(t.events[i].t == t.events[*second.arrived].t);
    CHECK(t.host_name(t.events[i].host) == "server");
  }
}

TEST_CASE("segment fate: a SYN is answered with a SYN,ACK; a SYN,ACK with the ACK",
          "[segment_fate]") {
  const Trace t = run_id("ack-lost");
  const SegmentFate syn = segment_fate(TraceIndex(t), nth_segment(t, "client", kSyn));
  REQUIRE(syn.arrived);
  CHECK(reaction_has(t, syn, EventType::state, "server",
                     [](const Event& e) { return e.to == TcpState::SYN_RECEIVED; }));
  const std::uint32_t synack = nth_segment(t, "server", kSyn | kAck);
  CHECK(reaction_has(t, syn, EventType::send, "server",
                     [&](const Event& e) { return e.segment == synack; }));
  CHECK(reaction_has(t, syn, EventType::queue, "server",
                     [](const Event& e) { return e.syn_queue == 1; }));

  const SegmentFate answer = segment_fate(TraceIndex(t), synack);
  REQUIRE(answer.arrived);
  CHECK(reaction_has(t, answer, EventType::state, "client",
                     [](const Event& e) { return e.to == TcpState::ESTABLISHED; }));
  CHECK(reaction_has(t, answer, EventType::send, "client", [&](const Event& e) {
    return e.segment == nth_segment(t, "client", kAck, 1);
  }));
  CHECK(reaction_has(t, answer, EventType::app, "client", [](const Event& e) {
    return e.call == AppCall::connect && e.result == AppResult::ok;
  }));
}

TEST_CASE("segment fate: data is answered by an ACK; the FIN right after has its own",
          "[segment_fate]") {
  const Trace t = run_id("ack-lost");
  const SegmentFate data = segment_fate(TraceIndex(t), nth_segment(t, "client", kAck | kPsh));
  REQUIRE(data.arrived);
  CHECK(reaction_has(t, data, EventType::send, "server",
                     [](const Event& e) { return e.reason.why == Why::ack_sent_quick; }));
  CHECK_FALSE(reaction_has(t, data, EventType::state, "server",
                           [](const Event&) { return true; }));  // CLOSE_WAIT is the FIN's
  const SegmentFate fin = segment_fate(TraceIndex(t), nth_segment(t, "client", kAck | kFin));
  CHECK(reaction_has(t, fin, EventType::state, "server",
                     [](const Event& e) { return e.to == TcpState::CLOSE_WAIT; }));
}
