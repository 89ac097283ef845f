// The capture analysis split over threads by conversation gives the same facts as one
// thread: conversations share nothing, so the split must not show.
#include <catch2/catch.hpp>

#include <pcap/pcap.h>

#include "app/capture/capture_data.hpp"
#include "app/capture/capture_flow.hpp"
#include "app/capture/capture_import.hpp"
#include "tests/support/pcap_builder.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
using namespace synack::test;

namespace {

bool same(const Label& a, const Label& b) {
  return a.why == b.why && a.a == b.a && a.b == b.b;
}

bool same(const PacketFacts& a, const PacketFacts& b) {
  return same(a.label, b.label) && same(a.disagreement, b.disagreement) && same(a.lost, b.lost) &&
         a.slot == b.slot && a.retransmit_of == b.retransmit_of && a.marks == b.marks;
}

}  // namespace

TEST_CASE("capture analysis: three threads give the facts one thread gives") {
  // 600 interleaved conversations of assorted fates: clean, a lost SYN-ACK, lost data,
  // a duplicate ACK, a RST; three rounds on new ports.
  const auto path = scratch_file("analyze-threads", "mixed.pcap");
  {
    PcapFile f(path, DLT_RAW);
    const auto s = v4(10, 1, 0, 1, 80);
    for (std::uint32_t round = 0; round < 3; ++round) {
      for (std::uint16_t k = 0; k < 600; ++k) {
        const auto c = v4(10, 0, k >> 8, k & 0xff, static_cast<std::uint16_t>(1024 + round));
        const Micros t = (round * 600 + k) * 1000;
        const std::uint32_t isn = 1000u * k + round, sisn = 77u * k;
        f.segment(t, c, s, Tcp(isn, 0, kSyn, 64240, 0, opt_syn(1460)));
        if (k % 5 == 1)
          f.segment(t + 1, s, c, Tcp(sisn, isn + 1, kSyn | kAck, 65160, 0, opt_syn(1460)));
        f.segment(t + 2, s, c, Tcp(sisn, isn + 1, kSyn | kAck, 65160, 0, opt_syn(1460)));
        f.segment(t + 3, c, s, Tcp(isn + 1, sisn + 1, kAck, 502));
        f.segment(t + 4, c, s, Tcp(isn + 1, sisn + 1, kAck | kPsh, 502, 100));
        if (k % 5 == 2) f.segment(t + 5, c, s, Tcp(isn + 101, sisn + 1, kAck | kPsh, 502, 100));
        if (k % 5 == 3) f.segment(t + 6, s, c, Tcp(sisn + 1, isn + 1, kAck, 509));
        if (k % 5 == 4) {
          f.segment(t + 7, s, c, Tcp(sisn + 1, isn + 101, kRst | kAck, 0));
          continue;
        }
        f.segment(t + 8, s, c, Tcp(sisn + 1, isn + 101, kAck, 509));
        f.segment(t + 9, c, s, Tcp(isn + 101, sisn + 1, kAck | kFin, 502));
        f.segment(t + 10, s, c, Tcp(sisn + 1, isn + 102, kAck | kFin, 509));
        f.segment(t + 11, c, s, Tcp(isn + 102, sisn + 2, kAck, 502));
      }
    }
  }
  const CaptureImport imported = import_capture(path.string());
  REQUIRE_FALSE(imported.error);
  REQUIRE(imported.data->packets.size() > 10'000);
  CaptureData one = *imported.data, three = *imported.data;
  analyze_capture(one, 1);
  analyze_capture(three, 3);
  REQUIRE(one.facts.size() == three.facts.size());
  std::size_t differ = 0, marked = 0;
  for (std::size_t i = 0; i < one.facts.size(); ++i) {
    if (!same(one.facts[i], three.facts[i])) ++differ;
    if (one.facts[i].marks != 0) ++marked;
  }
  CHECK(differ == 0);
  CHECK(marked > 1000);  // the fates above are not all plain
}
