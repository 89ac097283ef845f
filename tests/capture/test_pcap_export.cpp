// A trace written as a pcap (pcap_bytes), read back with libpcap's own reader: one Ethernet
// frame per send event at its virtual time, from the sender's MAC, every header as the
// segment record says, checksums right by a plain RFC 1071 sum written here, fragments with
// the trace's IP ID and offsets, and the same bytes for the same run.
#include <pcap/pcap.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "app/capture/packet_decode.hpp"
#include "app/capture/pcap_export.hpp"
#include "engine/ip_fragment.hpp"
#include "tests/support/catalog_fixture.hpp"

namespace synack {
namespace {

struct Frame {
  Micros t = 0;
  std::uint32_t wire_len = 0;
  std::vector<std::uint8_t> bytes;
};

struct Capture {
  int link_type = -1;
  std::vector<Frame> frames;
};

Capture read_back(const std::string& bytes) {
  std::FILE* f = ::fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
  REQUIRE(f != nullptr);
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_fopen_offline(f, err);  // closes f with p
  REQUIRE(p != nullptr);
  Capture c;
  c.link_type = pcap_datalink(p);
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(p, &h, &data) == 1) {
    c.frames.push_back({h->ts.tv_sec * kMicrosPerSec + h->ts.tv_usec, h->len,
                        std::vector<std::uint8_t>(data, data + h->caplen)});
  }
  pcap_close(p);
  return c;
}

std::uint16_t sum16(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    sum += bytes[i] * 256u + (i + 1 < bytes.size() ? bytes[i + 1] : 0u);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

// The log unpacks events and segment records on access: copies, never references.
std::vector<Event> sends(const Trace& t) {
  std::vector<Event> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::send) out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("pcap export: one frame per segment sent, its headers and checksums the trace's") {
  const Trace trace = catalog_test::run_id("sack");
  const std::string bytes = pcap_bytes(trace, "sack.pcap");
  CHECK(bytes == pcap_bytes(catalog_test::run_id("sack"), "sack.pcap"));
  const Capture c = read_back(bytes);
  CHECK(c.link_type == DLT_EN10MB);
  const std::vector<Event> sent = sends(trace);
  REQUIRE(c.frames.size() == sent.size());
  bool saw_sack = false, saw_drop_sent = false;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    INFO("frame " << i + 1);
    const Event& e = sent[i];
    const SegmentRecord r = trace.segments[e.segment];
    const Frame& f = c.frames[i];
    CHECK(f.t == kPcapEpoch * kMicrosPerSec + e.t);
    CHECK(f.wire_len == f.bytes.size());
    const MacAddress from = host_mac(r.from_host), to = host_mac(r.to_host);
    CHECK(std::equal(to.begin(), to.end(), f.bytes.begin()));
    CHECK(std::equal(from.begin(), from.end(), f.bytes.begin() + 6));
    const auto ip = std::span(f.bytes).subspan(14);
    CHECK(sum16(ip.first(20)) == 0xffff);
    CHECK(ip[6] == 0x40);  // DF, as Linux sends TCP
    const auto tcp = ip.subspan(20);
    CHECK(tcp.size() == tcp_header_len(r.seg) + r.seg.len);
    const std::uint32_t pseudo =
        sum16(ip.subspan(12, 8)) + 6u + static_cast<std::uint32_t>(tcp.size());
    CHECK(sum16(tcp, pseudo) == 0xffff);

    TcpHeader h;
    FragmentTable frags;
    REQUIRE(decode_frame(DLT_EN10MB, f.bytes, f.wire_len, h, frags) == Decoded::tcp);
    CHECK(h.sport == r.seg.src.port);
    CHECK(h.dport == r.seg.dst.port);
    CHECK(h.seq == r.seg.seq);
    CHECK(h.ack == r.seg.ack);
    CHECK(h.flags == r.seg.flags);
    CHECK(h.win == r.seg.win);
    CHECK(h.len == r.seg.len);
    CHECK(h.opt == r.seg.opt);
    saw_sack = saw_sack || r.seg.opt.sack_count > 0;
  }
  for (const Event& d : trace.events) {
    if (d.type == EventType::drop) saw_drop_sent = true;  // and so in the frames above
  }
  CHECK(saw_sack);
  CHECK(saw_drop_sent);  // a segment the network lost is in the capture: it left its sender
}

TEST_CASE("pcap export: IP fragments carry the trace's ID, offsets and MF, and no DF") {
  const Trace trace = catalog_test::run_id("ip-fragmentation");
  const Capture c = read_back(pcap_bytes(trace, "frag.pcap"));
  const std::vector<Event> sent = sends(trace);
  REQUIRE(c.frames.size() == sent.size());
  int fragments = 0;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const SegmentRecord r = trace.segments[sent[i].segment];
    if (!r.frag.fragmented()) continue;
    ++fragments;
    const auto ip = std::span(c.frames[i].bytes).subspan(14);
    CHECK((ip[4] << 8 | ip[5]) == r.frag.id);
    const int field = ip[6] << 8 | ip[7];
    CHECK((field & 0x4000) == 0);
    CHECK(((field & 0x2000) != 0) == r.frag.more);
    CHECK((field & 0x1fff) * 8u == r.frag.offset);
    CHECK(static_cast<std::uint32_t>(ip[2] << 8 | ip[3]) == 20 + r.frag.len);
    CHECK(sum16(ip.first(20)) == 0xffff);
  }
  CHECK(fragments > 2);
}

TEST_CASE("pcap export: payload bytes repeat the stream, so a retransmission repeats them") {
  const Trace trace = catalog_test::run_id("timeout-retransmit");
  const Capture c = read_back(pcap_bytes(trace, "rto.pcap"));
  const std::vector<Event> sent = sends(trace);
  int compared = 0;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const SegmentRecord r = trace.segments[sent[i].segment];
    if (r.retransmit_of == kNoIndex || r.seg.len == 0) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (sent[j].segment != r.retransmit_of) continue;
      CHECK(c.frames[j].bytes.size() == c.frames[i].bytes.size());
      const std::size_t payload = c.frames[i].bytes.size() - r.seg.len;
      CHECK(std::equal(c.frames[i].bytes.begin() + static_cast<std::ptrdiff_t>(payload),
                       c.frames[i].bytes.end(),
                       c.frames[j].bytes.begin() + static_cast<std::ptrdiff_t>(payload)));
      ++compared;
    }
  }
  CHECK(compared > 0);
}

}  // namespace synack
