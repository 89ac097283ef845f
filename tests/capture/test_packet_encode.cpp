// Packets as Linux puts them on the wire: three packets of the Linux capture
// tests/captures/13-fast-recovery-reno/capture.pcap (SYN, SYN-ACK and an ACK with a SACK
// block, all with correct checksums) rebuilt byte for byte from the engine's Segment, and
// checksums verified by a sum written here rather than the encoder's.
#include <catch2/catch.hpp>

#include <cstdint>
#include <span>
#include <vector>

#include "app/capture/packet_encode.hpp"
#include "engine/ip_fragment.hpp"

namespace synack {
namespace {

using Bytes = std::vector<std::uint8_t>;

// RFC 1071 done the plain way: 16-bit words summed in 32 bits, carries folded at the end.
std::uint16_t ones_complement_sum(std::span<const std::uint8_t> bytes) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    const std::uint32_t hi = bytes[i];
    const std::uint32_t lo = i + 1 < bytes.size() ? bytes[i + 1] : 0;
    sum += hi * 256 + lo;
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

// A header whose checksum field is right sums (with the pseudo-header) to 0xffff.
bool ip_checksum_ok(std::span<const std::uint8_t> ip_header) {
  return ones_complement_sum(ip_header) == 0xffff;
}

bool tcp_checksum_ok(Addr src, Addr dst, std::span<const std::uint8_t> tcp) {
  Bytes all = {static_cast<std::uint8_t>(src >> 24),
               static_cast<std::uint8_t>(src >> 16),
               static_cast<std::uint8_t>(src >> 8),
               static_cast<std::uint8_t>(src),
               static_cast<std::uint8_t>(dst >> 24),
               static_cast<std::uint8_t>(dst >> 16),
               static_cast<std::uint8_t>(dst >> 8),
               static_cast<std::uint8_t>(dst),
               0,
               6,
               static_cast<std::uint8_t>(tcp.size() >> 8),
               static_cast<std::uint8_t>(tcp.size())};
  all.insert(all.end(), tcp.begin(), tcp.end());
  return ones_complement_sum(all) == 0xffff;
}

constexpr Addr kClient = 0x0ac80001;  // 10.200.0.1
constexpr Addr kServer = 0x0ac80002;  // 10.200.0.2

Bytes ip_packet(const Segment& seg, std::uint16_t id, std::uint32_t rel_seq = 1) {
  Ipv4Header ip;
  ip.src = seg.src.addr;
  ip.dst = seg.dst.addr;
  ip.id = id;
  const Bytes tcp = tcp_segment_bytes(seg, rel_seq);
  const Bytes frame = ethernet_frame({}, {}, ip, tcp);
  return Bytes(frame.begin() + kEthernetHeader, frame.end());
}

}  // namespace

TEST_CASE("packet encode: the checksum of RFC 1071's example") {
  const Bytes bytes = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  CHECK(checksum_add(bytes) == 0x2ddf0);  // RFC 1071 §3: 2ddf0 before folding
  CHECK(checksum_finish(checksum_add(bytes)) == static_cast<std::uint16_t>(~0xddf2));
  const Bytes odd = {0x01, 0x02, 0x03};  // the last byte is padded with a zero
  CHECK(checksum_finish(checksum_add(odd)) == static_cast<std::uint16_t>(~0x0402));
}

TEST_CASE("packet encode: a SYN's options in Linux's order, the capture's SYN byte for byte") {
  Segment syn;
  syn.src = {kClient, 45382};
  syn.dst = {kServer, 5000};
  syn.seq = 3125982111u;
  syn.flags = kSyn;
  syn.win = 64240;
  syn.opt.mss = 1460;
  syn.opt.sack_permitted = true;
  syn.opt.has_timestamp = true;
  syn.opt.ts_val = 2213591655u;
  syn.opt.wscale = 10;
  // MSS, SACK_PERM, TS, NOP, WS: 20 bytes, as tcpdump shows [mss,sackOK,TS,nop,wscale].
  CHECK(tcp_option_bytes(syn.opt) ==
        Bytes{2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0x83, 0xf0, 0xba, 0x67, 0, 0, 0, 0, 1, 3, 3, 10});
  const Bytes linux_syn = {0x45, 0x00, 0x00, 0x3c, 0xa0, 0xe8, 0x40, 0x00, 0x40, 0x06, 0x84, 0x41,
                           0x0a, 0xc8, 0x00, 0x01, 0x0a, 0xc8, 0x00, 0x02, 0xb1, 0x46, 0x13, 0x88,
                           0xba, 0x52, 0xb3, 0x9f, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0,
                           0xc6, 0x60, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
                           0x83, 0xf0, 0xba, 0x67, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a};
  const Bytes ours = ip_packet(syn, 41192, 0);
  CHECK(ours == linux_syn);
  CHECK(ip_checksum_ok(std::span(ours).first(20)));
  CHECK(tcp_checksum_ok(kClient, kServer, std::span(ours).subspan(20)));

  Segment synack = syn;  // the answer, with Linux's IP ID 0 for a SYN-ACK
  synack.src = syn.dst;
  synack.dst = syn.src;
  synack.seq = 2777352613u;
  synack.ack = 3125982112u;
  synack.flags = kSyn | kAck;
  synack.win = 65160;
  synack.opt.ts_val = 2985551472u;
  synack.opt.ts_ecr = 2213591655u;
  const Bytes linux_synack = {
      0x45, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06, 0x25, 0x2a, 0x0a, 0xc8, 0x00,
      0x02, 0x0a, 0xc8, 0x00, 0x01, 0x13, 0x88, 0xb1, 0x46, 0xa5, 0x8b, 0x09, 0xa5, 0xba, 0x52,
      0xb3, 0xa0, 0xa0, 0x12, 0xfe, 0x88, 0x7b, 0x22, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04,
      0x02, 0x08, 0x0a, 0xb1, 0xf3, 0xe6, 0x70, 0x83, 0xf0, 0xba, 0x67, 0x01, 0x03, 0x03, 0x0a};
  CHECK(ip_packet(synack, 0, 0) == linux_synack);
}

TEST_CASE("packet encode: SYN options without timestamps or without SACK") {
  TcpOptions o;
  o.mss = 1460;
  o.sack_permitted = true;
  o.wscale = 7;
  // Linux: MSS, then NOP NOP SACK_PERM, then NOP WS.
  CHECK(tcp_option_bytes(o) == Bytes{2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7});
  o.sack_permitted = false;
  o.has_timestamp = true;
  o.ts_val = 1;
  o.ts_ecr = 0;
  CHECK(tcp_option_bytes(o) ==
        Bytes{2, 4, 0x05, 0xb4, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7});
  CHECK(tcp_option_bytes(TcpOptions{}).empty());
}

TEST_CASE("packet encode: the options take the room the engine counts for its IP fragments") {
  // engine/ip_fragment.cpp cuts datagrams by tcp_header_len; the bytes must be that long.
  for (int mask = 0; mask < 32; ++mask) {
    for (std::uint8_t blocks = 0; blocks <= 3; ++blocks) {
      Segment s;
      s.opt.mss = (mask & 1) != 0 ? 1460 : 0;
      s.opt.sack_permitted = (mask & 2) != 0;
      s.opt.has_timestamp = (mask & 4) != 0;
      s.opt.wscale = (mask & 8) != 0 ? 7 : -1;
      s.opt.sack_count = (mask & 16) != 0 ? blocks : 0;
      INFO("options " << mask << ", " << int{blocks} << " SACK blocks");
      const Bytes opts = tcp_option_bytes(s.opt);
      CHECK(opts.size() % 4 == 0);
      CHECK(20 + opts.size() == tcp_header_len(s));
      CHECK(tcp_header_bytes(s, opts).size() == tcp_header_len(s));
    }
  }
}

TEST_CASE("packet encode: an ACK with timestamps and SACK blocks, the capture's byte for byte") {
  Segment ack;
  ack.src = {kServer, 5000};
  ack.dst = {kClient, 45382};
  ack.seq = 2777352614u;
  ack.ack = 3126038584u;  // relative 56473
  ack.flags = kAck;
  ack.win = 95;
  ack.opt.has_timestamp = true;
  ack.opt.ts_val = 2985551597u;
  ack.opt.ts_ecr = 2213591781u;
  ack.opt.sack_count = 1;
  ack.opt.sack[0] = {3126040032u, 3126041480u};  // relative 57921:59369
  // NOP NOP TS, then NOP NOP SACK with one block.
  CHECK(tcp_option_bytes(ack.opt) == Bytes{1,    1,    8,    10,   0xb1, 0xf3, 0xe6, 0xed,
                                           0x83, 0xf0, 0xba, 0xe5, 1,    1,    5,    10,
                                           0xba, 0x53, 0x95, 0xe0, 0xba, 0x53, 0x9b, 0x88});
  const Bytes linux_ack = {0x45, 0x00, 0x00, 0x40, 0xcf, 0x99, 0x40, 0x00, 0x40, 0x06, 0x55,
                           0x8c, 0x0a, 0xc8, 0x00, 0x02, 0x0a, 0xc8, 0x00, 0x01, 0x13, 0x88,
                           0xb1, 0x46, 0xa5, 0x8b, 0x09, 0xa6, 0xba, 0x53, 0x90, 0x38, 0xb0,
                           0x10, 0x00, 0x5f, 0xee, 0x5f, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
                           0xb1, 0xf3, 0xe6, 0xed, 0x83, 0xf0, 0xba, 0xe5, 0x01, 0x01, 0x05,
                           0x0a, 0xba, 0x53, 0x95, 0xe0, 0xba, 0x53, 0x9b, 0x88};
  CHECK(ip_packet(ack, 53145) == linux_ack);

  SECTION("three blocks, the most that fit beside timestamps") {
    ack.opt.sack_count = 3;
    ack.opt.sack[1] = {100, 200};
    ack.opt.sack[2] = {300, 400};
    const Bytes opts = tcp_option_bytes(ack.opt);
    REQUIRE(opts.size() == 12 + 4 + 24);
    CHECK(opts[12] == 1);
    CHECK(opts[13] == 1);
    CHECK(opts[14] == 5);
    CHECK(opts[15] == 26);  // kind, length and 3 x 8 bytes
    CHECK(Bytes(opts.end() - 8, opts.end()) == Bytes{0, 0, 1, 0x2c, 0, 0, 1, 0x90});
    const Bytes packet = ip_packet(ack, 7);
    CHECK(packet[32] >> 4 == (20 + 40) / 4);  // data offset: the largest TCP header
    CHECK(ip_checksum_ok(std::span(packet).first(20)));
    CHECK(tcp_checksum_ok(kServer, kClient, std::span(packet).subspan(20)));
  }
}

TEST_CASE("packet encode: payload bytes, header fields and checksums of a data segment") {
  Segment data;
  data.src = {kClient, 40000};
  data.dst = {kServer, 80};
  data.seq = 1000;
  data.ack = 2000;
  data.flags = kAck | kPsh;
  data.win = 502;
  data.len = 1001;  // odd: the checksum pads the last byte
  const Bytes tcp = tcp_segment_bytes(data, 27);
  REQUIRE(tcp.size() == 20 + 1001);
  CHECK(tcp[12] == 5 << 4);  // no options
  CHECK(tcp[13] == (kAck | kPsh));
  CHECK(tcp[14] == 0x01);
  CHECK(tcp[15] == 0xf6);
  CHECK(tcp[18] == 0);  // urgent pointer
  CHECK(tcp[19] == 0);
  CHECK(tcp[20] == '\n');  // relative 27 is the 27th byte of the stream: "a..z\n" repeated
  CHECK(tcp[21] == 'a');
  CHECK(tcp[22] == 'b');
  CHECK(tcp[21 + 27] == 'a');
  CHECK(payload_byte(1) == 'a');
  CHECK(tcp_checksum_ok(kClient, kServer, tcp));

  Ipv4Header ip;
  ip.src = kClient;
  ip.dst = kServer;
  ip.id = 0x1234;
  const MacAddress to = {0x02, 0, 0, 0, 0, 2};
  const MacAddress from = {0x02, 0, 0, 0, 0, 1};
  const Bytes frame = ethernet_frame(to, from, ip, tcp);
  REQUIRE(frame.size() == 14 + 20 + tcp.size());
  CHECK(Bytes(frame.begin(), frame.begin() + 14) ==
        Bytes{0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00});
  const auto header = std::span(frame).subspan(14, 20);
  CHECK(header[0] == 0x45);
  CHECK((header[2] << 8 | header[3]) == 20 + 20 + 1001);
  CHECK((header[4] << 8 | header[5]) == 0x1234);
  CHECK((header[6] << 8 | header[7]) == 0x4000);  // DF, offset 0
  CHECK(header[8] == 64);
  CHECK(header[9] == 6);
  CHECK(ip_checksum_ok(header));

  SECTION("a fragment: MF, its offset in 8-byte units, no DF") {
    ip.dont_fragment = false;
    ip.more_fragments = true;
    ip.fragment_offset = 1480;
    const Bytes piece = ethernet_frame(to, from, ip, std::span(tcp).first(8));
    const auto h = std::span(piece).subspan(14, 20);
    CHECK((h[6] << 8 | h[7]) == (0x2000 | 1480 / 8));
    CHECK((h[2] << 8 | h[3]) == 28);
    CHECK(ip_checksum_ok(h));
  }
}

}  // namespace synack
