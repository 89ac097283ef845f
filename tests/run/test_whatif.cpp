// "What if this segment were lost?": the rule that singles out one segment, and the
// re-run in which exactly that segment is dropped while everything before stays the same.
#include <catch2/catch.hpp>

#include "app/content/drop_rule.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/run/whatif.hpp"
#include "tests/support/trace_fixture.hpp"

using namespace synack;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

bool same_event(const Event& a, const Event& b) {
  return a.t == b.t && a.type == b.type && a.host == b.host && a.segment == b.segment &&
         a.conn == b.conn && a.reason.why == b.reason.why && a.reason.a == b.reason.a &&
         a.from == b.from && a.to == b.to && a.call == b.call && a.result == b.result &&
         a.timer == b.timer && a.action == b.action;
}

bool same_segment(const SegmentRecord& a, const SegmentRecord& b) {
  return a.seg.flags == b.seg.flags && a.seg.seq == b.seg.seq && a.seg.ack == b.seg.ack &&
         a.seg.len == b.seg.len && a.from_host == b.from_host && a.to_host == b.to_host;
}

std::size_t send_event_of(const Trace& t, std::uint32_t segment) {
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    if (t.events[i].type == EventType::send && t.events[i].segment == segment) return i;
  }
  FAIL("no send event for segment " << segment);
  return 0;
}

// Dropping `segment` of `before` (run with `base`) must drop exactly it: same history up to
// its send, then its drop by the rule.
void check_drops_exactly(const Scenario& sc, const RunOptions& base, const Trace& before,
                         std::uint32_t segment) {
  auto rule = drop_rule_for(before, segment);
  REQUIRE(rule);
  INFO("segment " << segment << ": " << drop_rule_text(*rule));
  Trace after = resimulate(sc, base, {*rule});
  const std::size_t send = send_event_of(before, segment);
  REQUIRE(after.events.size() > send + 1);
  for (std::size_t i = 0; i <= send; ++i) REQUIRE(same_event(before.events[i], after.events[i]));
  for (std::uint32_t s = 0; s <= segment; ++s) {
    REQUIRE(same_segment(before.segments[s], after.segments[s]));
  }
  const Event& drop = after.events[send + 1];
  CHECK(drop.type == EventType::drop);
  CHECK(drop.segment == segment);
  CHECK(drop.reason.why == Why::net_drop_rule);
}

}  // namespace

TEST_CASE("what-if: every segment of the lifecycle can be dropped alone", "[whatif]") {
  Scenario sc = load_scenario_arg(kContent, "lifecycle");
  Trace before = run_scenario(sc.spec);
  REQUIRE(before.segments.size() >= 8);
  for (std::uint32_t s = 0; s < before.segments.size(); ++s) check_drops_exactly(sc, {}, before, s);
}

TEST_CASE("what-if: the rule names the sender, the exact flags and the nth such segment",
          "[whatif]") {
  Scenario sc = load_scenario_arg(kContent, "handshake");
  RunOptions base;
  base.extra_rules.push_back(parse_drop_rule("server:SYN,ACK#1"));
  Trace before = run_scenario(sc.spec, base);
  std::vector<std::uint32_t> synacks;
  for (std::uint32_t s = 0; s < before.segments.size(); ++s) {
    if (before.segments[s].seg.flags == (kSyn | kAck)) synacks.push_back(s);
  }
  REQUIRE(synacks.size() >= 2);  // the first was lost, so the server sent it again
  // Already taken by a rule: a rule appended after it would never see it.
  CHECK_FALSE(drop_rule_for(before, synacks[0]));
  // The retransmission is the first SYN,ACK the appended rule gets to count.
  auto rule = drop_rule_for(before, synacks[1]);
  REQUIRE(rule);
  CHECK(rule->action == RuleAction::drop);
  CHECK(rule->match.from == "server");
  CHECK(rule->match.flags == (kSyn | kAck));
  CHECK(rule->match.nth == 1);
  CHECK(drop_rule_text(*rule) == "server:SYN,ACK#1");
  check_drops_exactly(sc, base, before, synacks[1]);

  // Without the first drop, the client's first ACK is ACK #1 and its second is #2.
  Trace plain = run_scenario(sc.spec);
  std::vector<std::uint32_t> acks;
  for (std::uint32_t s = 0; s < plain.segments.size(); ++s) {
    if (plain.segments[s].from_host == 0 && plain.segments[s].seg.flags == kAck) acks.push_back(s);
  }
  REQUIRE(acks.size() >= 2);
  CHECK(drop_rule_for(plain, acks[0])->match.nth == 1);
  CHECK(drop_rule_for(plain, acks[1])->match.nth == 2);
}

TEST_CASE("what-if: forged and undeliverable segments cannot be singled out", "[whatif]") {
  test::TraceFixture f;
  std::uint16_t attacker = f.add_host("attacker", (203u << 24) | 1);
  constexpr Addr kSpoofed = (198u << 24) | (51u << 16) | (100u << 8) | 7;
  auto syn = f.segment(attacker, 1, kSyn, 0, 0, 0, kNoIndex, kSpoofed);
  f.send(0, syn, Why::attacker_spoofed_syn);
  f.recv(10'000, syn);
  auto reply = f.segment(1, kNoHost, kSyn | kAck, 0, 1, 0, kNoIndex, 0, kSpoofed);
  f.send(10'000, reply, Why::syn_received_listen);
  f.drop(10'000, reply, Why::net_no_host);
  auto real = f.segment(1, 0, kSyn | kAck, 0, 1);
  f.send(20'000, real, Why::syn_received_listen);
  CHECK_FALSE(drop_rule_for(f.trace(), syn));
  CHECK_FALSE(drop_rule_for(f.trace(), reply));
  CHECK_FALSE(drop_rule_for(f.trace(), 99));
  // The reply to nobody never reached the rules: the real one is the first they count.
  auto rule = drop_rule_for(f.trace(), real);
  REQUIRE(rule);
  CHECK(drop_rule_text(*rule) == "server:SYN,ACK#1");
}

TEST_CASE("what-if: the rule text parses back to the same rule", "[whatif]") {
  RuleSpec r;
  r.match.from = "client";
  r.match.flags = kFin | kAck | kPsh;
  r.match.nth = 3;
  CHECK(drop_rule_text(r) == "client:ACK,FIN,PSH#3");
  RuleSpec back = parse_drop_rule(drop_rule_text(r));
  CHECK(back.match.from == r.match.from);
  CHECK(back.match.flags == r.match.flags);
  CHECK(back.match.nth == r.match.nth);
  r.match.flags.reset();
  r.match.nth = 0;
  CHECK(drop_rule_text(r) == "client:*");
}
