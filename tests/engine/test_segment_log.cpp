// The packed segment log: records come back whole, whether they share their endpoints'
// pair (the common case), start a new one (a new incarnation, another sender) or do not
// follow two bases at all (kept whole on the side).
#include <catch2/catch.hpp>

#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "engine/segment_log.hpp"
#include "engine/simulator.hpp"

using namespace synack;

namespace {

constexpr SockAddr kClient{0x0a000001, 40000};
constexpr SockAddr kServer{0x0a000002, 80};

// A record as World makes it: relative numbers from each direction's base.
SegmentRecord record(SockAddr src, SockAddr dst, std::uint8_t flags, std::uint32_t seq,
                     std::uint32_t base, std::uint32_t ack, std::uint32_t peer_base,
                     std::uint16_t from, std::uint16_t to) {
  SegmentRecord r;
  r.seg.src = src;
  r.seg.dst = dst;
  r.seg.flags = flags;
  r.seg.seq = seq;
  r.seg.ack = ack;
  r.seg.win = 64240;
  r.rel_seq = seq - base;
  r.rel_ack = (flags & kAck) != 0 ? ack - peer_base : 0;
  r.sack_base = peer_base;
  r.from_host = from;
  r.to_host = to;
  return r;
}

std::vector<SegmentRecord> conversation() {
  std::vector<SegmentRecord> out;
  // The client (the pair's low end) opens; the server's base is not known yet.
  SegmentRecord syn = record(kClient, kServer, kSyn, 1000, 1000, 0, 0, 0, 1);
  syn.seg.opt.mss = 1460;
  syn.seg.opt.sack_permitted = true;
  syn.seg.opt.has_timestamp = true;
  syn.seg.opt.ts_val = 77;
  out.push_back(syn);
  SegmentRecord synack = record(kServer, kClient, kSyn | kAck, 5000, 5000, 1001, 1000, 1, 0);
  synack.seg.opt = syn.seg.opt;
  synack.seg.opt.ts_val = 90;
  synack.seg.opt.ts_ecr = 77;
  out.push_back(synack);
  out.push_back(record(kClient, kServer, kAck, 1001, 1000, 5001, 5000, 0, 1));
  SegmentRecord data = record(kClient, kServer, kAck | kPsh, 1001, 1000, 5001, 5000, 0, 1);
  data.seg.len = 100'000;  // beyond 16 bits: a counterfactual datagram
  out.push_back(data);
  SegmentRecord again = data;
  again.retransmit_of = 3;
  out.push_back(again);
  SegmentRecord sack = record(kServer, kClient, kAck, 5001, 5000, 1001, 1000, 1, 0);
  sack.seg.opt.sack_count = 2;
  sack.seg.opt.sack[0] = {2001, 3001};
  sack.seg.opt.sack[1] = {4001, 5001};
  out.push_back(sack);
  // A spoofed segment on the same endpoints from another host: a new pair, and the
  // client's own direction still reads right afterwards.
  out.push_back(record(kClient, kServer, kRst, 1101, 1000, 0, 5000, 2, 1));
  out.push_back(record(kClient, kServer, kAck | kFin, 1101, 1000, 5001, 5000, 0, 1));
  // A new incarnation: a new SYN with another base.
  out.push_back(record(kClient, kServer, kSyn, 9000, 9000, 0, 5000, 0, 1));
  out.push_back(record(kServer, kClient, kSyn | kAck, 7000, 7000, 9001, 9000, 1, 0));
  // Not two bases: a hand-made rel_ack, and an IP fragment. Kept whole.
  SegmentRecord odd = record(kClient, kServer, kAck, 9001, 9000, 7001, 7000, 0, 1);
  odd.rel_ack = 12345;
  odd.retransmit_of = 1;
  out.push_back(odd);
  SegmentRecord frag = record(kClient, kServer, kAck, 9001, 9000, 7001, 7000, 0, 1);
  frag.frag.count = 3;
  frag.frag.index = 1;
  frag.frag.offset = 1480;
  frag.frag.len = 1480;
  frag.frag.more = true;
  out.push_back(frag);
  // Both ends the same socket address (a self-connect).
  out.push_back(record(kClient, kClient, kSyn, 3, 3, 0, 0, 0, 0));
  out.push_back(record(kClient, kClient, kSyn | kAck, 3, 3, 4, 3, 0, 0));
  return out;
}

}  // namespace

TEST_CASE("segment log: every record comes back whole", "[segment_log]") {
  SegmentLog log;
  const std::vector<SegmentRecord> in = conversation();
  for (const SegmentRecord& r : in) log.push_back(r);
  REQUIRE(log.size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    INFO("record " << i);
    CHECK(log[i] == in[i]);
  }
  CHECK_THROWS_AS(log.at(in.size()), std::out_of_range);
}

TEST_CASE("segment log: one conversation stores its endpoints once", "[segment_log]") {
  SegmentLog one, many;
  SegmentRecord r = record(kClient, kServer, kAck, 1001, 1000, 5001, 5000, 0, 1);
  for (int i = 0; i < 1000; ++i) {
    r.seg.seq += 100;
    r.rel_seq += 100;
    one.push_back(r);
  }
  for (int i = 0; i < 1000; ++i) {
    r.seg.src.port = static_cast<std::uint16_t>(1000 + i);  // a new pair every time
    many.push_back(r);
  }
  CHECK(one.memory_bytes() < many.memory_bytes());
  CHECK(static_cast<double>(one.memory_bytes()) / 1000 < 36);
}

TEST_CASE("segment log: every catalog trace copies into a fresh log unchanged", "[segment_log]") {
  const std::string dir = find_content_dir();
  for (const char* id : {"handshake", "sack", "syn-flood", "ip-fragmentation", "dsack-lost-acks",
                         "old-duplicate-syn"}) {
    INFO(id);
    Scenario sc = load_scenario_arg(dir, id);
    const Trace t = run_scenario(sc.spec, RunOptions{});
    SegmentLog copy;
    for (const SegmentRecord& r : t.segments) copy.push_back(r);
    REQUIRE(copy.size() == t.segments.size());
    for (std::size_t i = 0; i < copy.size(); ++i) REQUIRE(copy[i] == t.segments[i]);
  }
}
