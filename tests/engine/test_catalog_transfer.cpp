// The transfer scenarios of the catalog (topics RT-02, RT-03, RT-04, RT-07, RT-08, BA-10): each one
// shows what it exists to teach, computed from the trace of its default run.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <string_view>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "engine/simulator.hpp"
#include "tests/support/found.hpp"

using namespace synack;

namespace {

Trace run_id(std::string_view id) {
  Scenario sc = load_scenario_arg(find_content_dir(), id);
  Trace t = run_scenario(sc.spec);
  REQUIRE_FALSE(t.truncated);
  return t;
}

// Send events of `host` carrying data, in time order (originals and retransmissions).
std::vector<test::Found<Event>> data_sends(const Trace& t, std::string_view host) {
  std::vector<test::Found<Event>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && t.host_name(e.host) == host &&
        t.segments[e.segment].seg.len > 0) {
      out.push_back(e);
    }
  }
  return out;
}

bool is_retransmission(const Trace& t, test::Found<Event> e) {
  return t.segments[e->segment].retransmit_of != kNoIndex;
}

std::vector<test::Found<Event>> retransmissions(const Trace& t, std::string_view host) {
  std::vector<test::Found<Event>> out;
  for (test::Found<Event> e : data_sends(t, host)) {
    if (is_retransmission(t, e)) out.push_back(e);
  }
  return out;
}

// The first transmission of the bytes `e` resends.
test::Found<Event> original_of(const Trace& t, test::Found<Event> e) {
  std::uint32_t first = t.segments[e->segment].retransmit_of;
  for (const Event& o : t.events) {
    if (o.type == EventType::send && o.segment == first) return o;
  }
  return nullptr;
}

// Segments `host` received (recv events), in order.
std::vector<test::Found<SegmentRecord>> received(const Trace& t, std::string_view host) {
  std::vector<test::Found<SegmentRecord>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::recv && t.host_name(e.host) == host) {
      out.push_back(t.segments[e.segment]);
    }
  }
  return out;
}

// The RTO after the first RTT sample R (RFC 6298 §2.2, with Linux's 200 ms floor):
// SRTT = R, RTTVAR = R/2, RTO = SRTT + max(200 ms, 4 * RTTVAR). R is measured by the client
// from its SYN to the SYN,ACK, as the engine does.
Micros first_rto(const Trace& t) {
  Micros syn_sent = -1;
  Micros synack_received = -1;
  for (const Event& e : t.events) {
    if (t.host_name(e.host) != "client") continue;
    const std::uint8_t flags = e.segment == kNoIndex ? 0 : t.segments[e.segment].seg.flags;
    if (e.type == EventType::send && flags == kSyn && syn_sent < 0) syn_sent = e.t;
    if (e.type == EventType::recv && flags == (kSyn | kAck) && synack_received < 0) {
      synack_received = e.t;
    }
  }
  REQUIRE(syn_sent >= 0);
  REQUIRE(synack_received > syn_sent);
  const Micros r = synack_received - syn_sent;
  return r + std::max<Micros>(200'000, 4 * (r / 2));
}

// Time of the first completed recv() of `host` that returned data, or -1.
Micros first_data_read(const Trace& t, std::string_view host, std::int64_t* bytes) {
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == AppCall::recv && e.result == AppResult::ok &&
        t.host_name(e.host) == host) {
      *bytes = e.value;
      return e.t;
    }
  }
  return -1;
}

// The value of net.ipv4.ipfrag_time in the run, in seconds.
std::int64_t ipfrag_time_s(const Trace& t) {
  for (const auto& [name, value] : t.sysctls) {
    if (name == "ipfrag_time") return value[0];
  }
  FAIL("ipfrag_time not in the trace");
  return -1;
}

// A D-SACK (RFC 2883 §4): the first SACK block lies at or below the cumulative ACK.
bool has_dsack(const SegmentRecord& r) {
  const Segment& s = r.seg;
  return s.has(kAck) && s.opt.sack_count > 0 && seq_le(s.opt.sack[0].right, s.ack) &&
         seq_lt(s.opt.sack[0].left, s.opt.sack[0].right);
}

}  // namespace

TEST_CASE("timeout-retransmit: the lone lost segment waits for the RTO, which doubles",
          "[catalog]") {
  Trace t = run_id("timeout-retransmit");
  auto re = retransmissions(t, "client");
  REQUIRE(re.size() == 2);  // the original and the first retransmission are both lost
  for (test::Found<Event> e : re) CHECK(e->reason.why == Why::data_rto);
  test::Found<Event> original = original_of(t, re[0]);
  REQUIRE(original != nullptr);
  const Micros rto = first_rto(t);
  CHECK(rto == 220'000);  // 20 ms RTT on the 10 ms links
  CHECK(re[0]->t - original->t == rto);
  CHECK(re[1]->t - re[0]->t == 2 * rto);  // exponential backoff
  // No ACK of seq 1 came back before the data got through: only the timer could tell the
  // client about the loss.
  int dup_acks = 0;
  for (test::Found<SegmentRecord> r : received(t, "client")) {
    if (r->seg.flags == kAck && r->seg.len == 0 && r->rel_ack == 1) ++dup_acks;
  }
  CHECK(dup_acks == 0);
}

TEST_CASE("fast-retransmit: the third duplicate ACK resends the hole before the RTO", "[catalog]") {
  Trace t = run_id("fast-retransmit");
  auto sent = data_sends(t, "client");
  auto re = retransmissions(t, "client");
  REQUIRE(re.size() == 1);
  CHECK(re[0]->reason.why == Why::fast_retransmit);
  test::Found<Event> original = original_of(t, re[0]);
  REQUIRE(original != nullptr);
  CHECK(t.segments[original->segment].rel_seq == 1449);  // the second segment
  CHECK(re[0]->t - original->t < first_rto(t));
  // Count the ACKs for the hole that reached the client before the retransmission.
  const std::uint32_t hole = t.segments[original->segment].rel_seq;
  int same_ack = 0;
  for (const Event& e : t.events) {
    if (e.t > re[0]->t) break;
    if (e.type == EventType::recv && t.host_name(e.host) == "client") {
      const SegmentRecord& r = t.segments[e.segment];
      if (r.seg.flags == kAck && r.seg.len == 0 && r.rel_ack == hole) ++same_ack;
    }
  }
  CHECK(same_ack == 4);  // the first ACK plus three duplicates
  // SACK is off here: no ACK carries a block.
  for (test::Found<SegmentRecord> r : received(t, "client")) CHECK(r->seg.opt.sack_count == 0);
}

TEST_CASE("sack: the duplicate ACKs report the data beyond the hole; only the hole is resent",
          "[catalog]") {
  Trace t = run_id("sack");
  auto re = retransmissions(t, "client");
  REQUIRE(re.size() == 1);
  test::Found<Event> original = original_of(t, re[0]);
  REQUIRE(original != nullptr);
  const SegmentRecord& hole = t.segments[original->segment];
  const std::uint32_t hole_end = hole.seg.seq + hole.seg.len;
  // The highest byte the client sent, one past the end.
  std::uint32_t data_end = 0;
  for (test::Found<Event> e : data_sends(t, "client")) {
    const Segment& s = t.segments[e->segment].seg;
    if (data_end == 0 || seq_gt(s.seq + s.len, data_end)) data_end = s.seq + s.len;
  }
  // Before the retransmission, the last duplicate ACK names the hole and SACKs everything
  // after it.
  test::Found<SegmentRecord> last_dup = nullptr;
  int with_sack = 0;
  for (const Event& e : t.events) {
    if (e.t > re[0]->t) break;
    if (e.type == EventType::recv && t.host_name(e.host) == "client") {
      const SegmentRecord& r = t.segments[e.segment];
      if (r.seg.flags == kAck && r.seg.ack == hole.seg.seq) {
        last_dup = r;
        if (r.seg.opt.sack_count > 0) ++with_sack;
      }
    }
  }
  CHECK(with_sack == 3);  // every duplicate, not the first ACK
  REQUIRE(last_dup != nullptr);
  REQUIRE(last_dup->seg.opt.sack_count == 1);
  CHECK(last_dup->seg.opt.sack[0].left == hole_end);
  CHECK(last_dup->seg.opt.sack[0].right == data_end);
  // The retransmission is exactly the hole.
  const Segment& again = t.segments[re[0]->segment].seg;
  CHECK(again.seq == hole.seg.seq);
  CHECK(again.len == hole.seg.len);
}

TEST_CASE("dsack-lost-acks: the retransmission of data that had arrived draws a D-SACK",
          "[catalog]") {
  Trace t = run_id("dsack-lost-acks");
  // Both data segments arrived; both ACKs were lost.
  int lost_acks = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::drop && t.host_name(e.host) == "server") ++lost_acks;
  }
  CHECK(lost_acks == 2);
  auto re = retransmissions(t, "client");
  REQUIRE(re.size() == 1);
  CHECK(re[0]->reason.why == Why::data_rto);
  const Segment& again = t.segments[re[0]->segment].seg;
  // The first ACK the client receives acknowledges everything and D-SACKs the resent bytes.
  test::Found<SegmentRecord> ack = nullptr;
  for (test::Found<SegmentRecord> r : received(t, "client")) {
    if (r->seg.flags == kAck) {
      ack = r;
      break;
    }
  }
  REQUIRE(ack != nullptr);
  REQUIRE(has_dsack(*ack));
  CHECK(ack->seg.opt.sack[0].left == again.seq);
  CHECK(ack->seg.opt.sack[0].right == again.seq + again.len);
  CHECK(seq_gt(ack->seg.ack, again.seq + again.len));  // the ACK covers the second segment too
}

TEST_CASE("dsack-delayed-segment: the late original after a fast retransmit draws a D-SACK",
          "[catalog]") {
  Trace t = run_id("dsack-delayed-segment");
  for (const Event& e : t.events) CHECK(e.type != EventType::drop);  // nothing is lost
  auto re = retransmissions(t, "client");
  REQUIRE(re.size() == 1);
  CHECK(re[0]->reason.why == Why::fast_retransmit);
  const Segment& again = t.segments[re[0]->segment].seg;
  // The server receives those bytes twice.
  int copies = 0;
  for (test::Found<SegmentRecord> r : received(t, "server")) {
    if (r->seg.seq == again.seq && r->seg.len == again.len) ++copies;
  }
  CHECK(copies == 2);
  // Exactly one ACK carries a D-SACK, for exactly those bytes, below its ACK number.
  std::vector<test::Found<SegmentRecord>> dsacks;
  for (test::Found<SegmentRecord> r : received(t, "client")) {
    if (has_dsack(*r)) dsacks.push_back(r);
  }
  REQUIRE(dsacks.size() == 1);
  CHECK(dsacks[0]->seg.opt.sack[0].left == again.seq);
  CHECK(dsacks[0]->seg.opt.sack[0].right == again.seq + again.len);
  CHECK(seq_lt(again.seq + again.len, dsacks[0]->seg.ack));
}

TEST_CASE("mss-segmentation: TCP cuts 4380 bytes into MSS-sized segments; a loss costs one",
          "[catalog]") {
  Trace t = run_id("mss-segmentation");
  for (const SegmentRecord& r : t.segments) CHECK_FALSE(r.frag.fragmented());  // IP never cuts
  std::vector<std::uint32_t> originals;
  for (test::Found<Event> e : data_sends(t, "client")) {
    if (!is_retransmission(t, e)) originals.push_back(t.segments[e->segment].seg.len);
  }
  CHECK(originals == std::vector<std::uint32_t>{1460, 1460, 1460});  // MTU 1500 - 40
  auto re = retransmissions(t, "client");
  REQUIRE(re.size() == 1);
  std::uint32_t resent = 0;
  for (test::Found<Event> e : re) resent += t.segments[e->segment].seg.len;
  CHECK(resent == 1460);
  // The one resent is the one the network lost.
  test::Found<Event> original = original_of(t, re[0]);
  REQUIRE(original != nullptr);
  int drops = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::drop) {
      ++drops;
      CHECK(e.segment == original->segment);
    }
  }
  CHECK(drops == 1);
  // The first segment reached the application before the retransmission was even sent.
  std::int64_t bytes = 0;
  CHECK(first_data_read(t, "server", &bytes) < re[0]->t);
  CHECK(bytes == 1460);
  std::uint32_t last_ack = 0;
  for (test::Found<SegmentRecord> r : received(t, "client"))
    last_ack = std::max(last_ack, r->rel_ack);
  CHECK(last_ack >= 4381);
}

TEST_CASE("ip-fragmentation: one lost fragment costs the whole segment, fragmented again",
          "[catalog]") {
  Trace t = run_id("ip-fragmentation");
  // Each transmission of the 4380-byte segment, as the fragments of one IP datagram.
  std::map<std::uint16_t, std::vector<test::Found<SegmentRecord>>> datagrams;  // IP id → fragments
  std::vector<std::uint16_t> order;
  for (test::Found<Event> e : data_sends(t, "client")) {
    const SegmentRecord& r = t.segments[e->segment];
    REQUIRE(r.frag.fragmented());
    CHECK(r.seg.len == 4380);  // TCP ignored the MSS
    if (datagrams[r.frag.id].empty()) order.push_back(r.frag.id);
    datagrams[r.frag.id].push_back(r);
  }
  REQUIRE(order.size() == 2);  // the first transmission and one retransmission
  for (std::uint16_t id : order) {
    const auto& frags = datagrams[id];
    REQUIRE(frags.size() == 3);
    std::uint32_t payload = 0;
    for (test::Found<SegmentRecord> r : frags) payload += r->frag.len;
    // IPv4 fragments of a 1500-byte MTU: 1480 bytes after the 20-byte IP header, a multiple
    // of 8; the TCP header (20 bytes, no options here) travels in the first.
    CHECK(payload == 20 + 4380);
    CHECK(frags[0]->frag.len == 1480);
    CHECK(frags[1]->frag.len == 1480);
    CHECK(frags[2]->frag.len == 1440);
    CHECK(frags[0]->frag.offset == 0);
    CHECK(frags[1]->frag.offset == 1480);
    CHECK(frags[2]->frag.offset == 2960);
    CHECK(frags[0]->frag.more);
    CHECK(frags[1]->frag.more);
    CHECK_FALSE(frags[2]->frag.more);
  }
  // Everything in the second datagram is a retransmission: all 4380 bytes again.
  std::uint32_t resent = 0;
  for (test::Found<SegmentRecord> r : datagrams[order[1]]) {
    CHECK(r->retransmit_of != kNoIndex);
    resent += r->frag.len;
  }
  CHECK(resent - 20 == 4380);
  auto re = retransmissions(t, "client");
  REQUIRE(re.size() == 3);
  CHECK(re[0]->reason.why == Why::data_rto);
  // Only one fragment was lost, the second of the first datagram.
  std::vector<test::Found<SegmentRecord>> lost;
  for (const Event& e : t.events) {
    if (e.type == EventType::drop) lost.push_back(t.segments[e.segment]);
  }
  REQUIRE(lost.size() == 1);
  CHECK(lost[0]->frag.id == order[0]);
  CHECK(lost[0]->frag.index == 1);
  // Until the retransmission the server's TCP saw nothing: no ACK of any data, no read.
  for (const Event& e : t.events) {
    if (e.t >= re[0]->t) break;
    if (e.type == EventType::send && t.host_name(e.host) == "server") {
      CHECK(t.segments[e.segment].rel_ack <= 1);
    }
  }
  std::int64_t bytes = 0;
  CHECK(first_data_read(t, "server", &bytes) > re[0]->t);
  CHECK(bytes == 4380);
  // The leftover fragments of the first datagram are thrown away ipfrag_time after the first
  // of them arrived.
  Micros first_arrival = -1;
  for (const Event& e : t.events) {
    if (e.type == EventType::recv && t.segments[e.segment].frag.id == order[0]) {
      first_arrival = e.t;
      break;
    }
  }
  REQUIRE(first_arrival >= 0);
  std::vector<test::Found<Event>> expired;
  for (const Event& e : t.events) {
    if (e.type == EventType::timer && e.timer == TimerKind::ip_reassembly &&
        e.action == TimerAction::fired) {
      expired.push_back(e);
    }
  }
  REQUIRE(expired.size() == 1);
  CHECK(expired[0]->reason.why == Why::ip_reassembly_expired);
  CHECK(expired[0]->reason.a == 2);  // fragments 1 and 3
  CHECK(expired[0]->t - first_arrival == ipfrag_time_s(t) * kMicrosPerSec);
}

TEST_CASE("a drop rule by relative sequence number and port takes exactly that segment",
          "[network]") {
  ScenarioSpec spec = load_scenario_arg(find_content_dir(), "fast-retransmit").spec;
  RuleSpec drop;
  drop.match.from = "client";
  drop.match.dst_port = 80;
  drop.match.match_seq = true;
  drop.match.seq_first = 4345;  // the fourth 1448-byte segment
  drop.match.seq_last = 4345;
  drop.match.nth = 1;  // the original only, not its retransmission
  spec.rules = {drop};
  const Trace t = run_scenario(spec, RunOptions{});
  std::vector<std::uint32_t> dropped;
  for (const Event& e : t.events) {
    if (e.type == EventType::drop) dropped.push_back(t.segments[e.segment].rel_seq);
  }
  CHECK(dropped == std::vector<std::uint32_t>{4345});
}
