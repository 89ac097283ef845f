// IP fragmentation and reassembly (engine/ip_fragment.*), and what they do to a TCP
// connection whose sender ignores the MSS (topic BA-10).
#include <catch2/catch.hpp>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "engine/ip_fragment.hpp"
#include "engine/simulator.hpp"
#include "tests/support/found.hpp"

using namespace synack;

namespace {

// The fragments of a `payload`-byte datagram (TCP header + data) on a 1500-byte link.
std::vector<IpFragment> cut(std::uint32_t payload) {
  return fragment_datagram(payload, 1500, 7);
}

const Reassembly::Key kKey{0x0a000001, 0x0a000002, 7};

}  // namespace

TEST_CASE("fragmentation: pieces of a multiple of 8 bytes, the last one shorter", "[ip]") {
  auto f = cut(20 + 4380);
  REQUIRE(f.size() == 3);
  const std::uint32_t lens[] = {1480, 1480, 1440};
  const std::uint32_t offsets[] = {0, 1480, 2960};
  for (std::size_t i = 0; i < f.size(); ++i) {
    CHECK(f[i].id == 7);
    CHECK(f[i].index == i);
    CHECK(f[i].count == 3);
    CHECK(f[i].len == lens[i]);
    CHECK(f[i].offset == offsets[i]);
    CHECK(f[i].more == (i + 1 < f.size()));
    if (f[i].more) CHECK(f[i].len % 8 == 0);
  }
  CHECK(cut(1480).empty());  // 1500 bytes with the IP header: fits
  CHECK(cut(1481).size() == 2);
  CHECK(fragment_datagram(1000, 576, 1).size() == 2);  // 552 + 448
  CHECK(fragment_datagram(1000, 576, 1)[0].len == 552);
}

TEST_CASE("fragmentation: the TCP header counts its options", "[ip]") {
  Segment s;
  CHECK(tcp_header_len(s) == 20);
  s.opt.has_timestamp = true;
  CHECK(tcp_header_len(s) == 32);  // 10 bytes of timestamps, padded to 12
  s.opt.sack_count = 1;
  CHECK(tcp_header_len(s) == 44);  // NOP,NOP,SACK with one block
  Segment syn;
  syn.opt.mss = 1460;
  syn.opt.sack_permitted = true;
  syn.opt.has_timestamp = true;
  syn.opt.wscale = 7;
  CHECK(tcp_header_len(syn) == 40);  // Linux's SYN: 20 bytes of header, 20 of options
}

TEST_CASE("reassembly: fragments in any order make the datagram whole", "[ip]") {
  auto f = cut(4400);
  Reassembly r;
  CHECK(r.add(kKey, f[2]) == Reassembly::Result::first);
  CHECK(r.bytes_held(kKey) == 1440);
  CHECK(r.add(kKey, f[0]) == Reassembly::Result::held);
  CHECK(r.partial_count() == 1);
  CHECK(r.add(kKey, f[1]) == Reassembly::Result::complete);
  CHECK(r.partial_count() == 0);
  CHECK_FALSE(r.discard(kKey).has_value());  // nothing left for the timer to throw away
}

TEST_CASE("reassembly: a duplicate fragment is harmless", "[ip]") {
  auto f = cut(4400);
  Reassembly r;
  CHECK(r.add(kKey, f[0]) == Reassembly::Result::first);
  CHECK(r.add(kKey, f[0]) == Reassembly::Result::duplicate);
  CHECK(r.bytes_held(kKey) == 1480);
  CHECK(r.add(kKey, f[2]) == Reassembly::Result::held);
  CHECK(r.add(kKey, f[2]) == Reassembly::Result::duplicate);
  CHECK(r.add(kKey, f[1]) == Reassembly::Result::complete);
}

TEST_CASE("reassembly: datagrams are kept apart by addresses and IP id", "[ip]") {
  auto f = cut(4400);
  Reassembly r;
  Reassembly::Key other = kKey;
  other.id = 8;
  CHECK(r.add(kKey, f[0]) == Reassembly::Result::first);
  CHECK(r.add(other, f[1]) == Reassembly::Result::first);
  CHECK(r.add(kKey, f[2]) == Reassembly::Result::held);  // still missing its own middle
  CHECK(r.partial_count() == 2);
}

TEST_CASE("reassembly: the timeout throws a partial datagram away", "[ip]") {
  auto f = cut(4400);
  Reassembly r;
  r.add(kKey, f[0]);
  r.add(kKey, f[2]);
  CHECK(r.discard(kKey) == 2);
  CHECK(r.partial_count() == 0);
  // The missing fragment arriving later starts a new, hopeless datagram.
  CHECK(r.add(kKey, f[1]) == Reassembly::Result::first);
}

TEST_CASE("ip-fragmentation: a fragment lost every time means nothing is ever delivered",
          "[ip][engine]") {
  Scenario sc = load_scenario_arg(find_content_dir(), "ip-fragmentation");
  REQUIRE(sc.spec.rules.size() == 1);
  sc.spec.rules[0].match.nth = 0;  // every second fragment, retransmissions too
  RunOptions opts;
  opts.sysctls = {{Knob::tcp_retries2, 3}};  // give up after a few seconds
  Trace t = run_scenario(sc.spec, opts);
  REQUIRE_FALSE(t.truncated);
  int datagrams = 0;
  int drops = 0;
  for (const Event& e : t.events) {
    test::Found<SegmentRecord> r;
    if (e.segment < t.segments.size()) r = t.segments[e.segment];
    if (e.type == EventType::send && r && r->frag.fragmented() && r->frag.index == 0) ++datagrams;
    if (e.type == EventType::drop) ++drops;
    // The server's TCP never gets a byte: no data ACKed, nothing read.
    if (e.type == EventType::send && t.host_name(e.host) == "server") CHECK(r->rel_ack <= 1);
    if (e.type == EventType::app && e.call == AppCall::recv) CHECK(e.value == 0);
  }
  CHECK(datagrams >= 3);
  CHECK(drops == datagrams);
  // Each datagram's two other fragments wait ipfrag_time, then are thrown away.
  int expired = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::timer && e.timer == TimerKind::ip_reassembly &&
        e.action == TimerAction::fired) {
      CHECK(e.reason.why == Why::ip_reassembly_expired);
      CHECK(e.reason.a == 2);
      ++expired;
    }
  }
  CHECK(expired == datagrams);
}

TEST_CASE("segmentation: the default sends MSS-sized segments and never fragments",
          "[ip][engine]") {
  Scenario sc = load_scenario_arg(find_content_dir(), "ip-fragmentation");
  for (HostSpec& h : sc.spec.hosts) h.ignores_mss = false;
  Trace t = run_scenario(sc.spec);
  for (const SegmentRecord& r : t.segments) {
    CHECK_FALSE(r.frag.fragmented());
    CHECK(r.seg.len <= 1460);
  }
}

TEST_CASE("segmentation: a smaller MTU gives a smaller MSS", "[ip][engine]") {
  Scenario sc = load_scenario_arg(find_content_dir(), "mss-segmentation");
  for (HostSpec& h : sc.spec.hosts) h.mtu = 576;
  Trace t = run_scenario(sc.spec);
  REQUIRE_FALSE(t.segments.empty());
  CHECK(t.segments[0].seg.opt.mss == 536);  // the SYN: 576 - 20 - 20
  for (const SegmentRecord& r : t.segments) CHECK(r.seg.len <= 536);
}
