// Decoding one frame: link layers, IPv4/IPv6, TCP options; and every way a frame can be cut
// short or lie about its lengths, which must give a status, never a read past the bytes.
#include <pcap/pcap.h>
#include <catch2/catch.hpp>

#include "app/capture/packet_decode.hpp"
#include "tests/support/pcap_builder.hpp"

using namespace synack;
using namespace synack::test;

namespace {

Decoded decode(int link, const Bytes& frame, TcpHeader& out, std::uint32_t wire = 0) {
  FragmentTable frags;
  return decode_frame(link, frame, wire == 0 ? static_cast<std::uint32_t>(frame.size()) : wire, out,
                      frags);
}

Bytes segment_frame(int link, const Host& from, const Host& to, const Tcp& tcp, bool vlan = false) {
  std::uint32_t wire = 0;
  return framed(link, ip_packet(from, to, tcp, wire), from.v6, vlan);
}

}  // namespace

TEST_CASE("decode: a SYN's header and options, on every link type") {
  const Tcp syn(0x01020304, 0, kSyn, 64240, 0, opt_syn(1460));
  for (int link : {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL, DLT_RAW}) {
    for (bool ipv6 : {false, true}) {
      INFO(link << (ipv6 ? " IPv6" : " IPv4"));
      const Host a = ipv6 ? v6(1, 40000) : v4(10, 0, 0, 1, 40000);
      const Host b = ipv6 ? v6(2, 80) : v4(10, 0, 0, 2, 80);
      TcpHeader h;
      REQUIRE(decode(link, segment_frame(link, a, b, syn), h) == Decoded::tcp);
      CHECK(ip_to_string(h.src) == (ipv6 ? "2001:db8::1" : "10.0.0.1"));
      CHECK(ip_to_string(h.dst) == (ipv6 ? "2001:db8::2" : "10.0.0.2"));
      CHECK(h.sport == 40000);
      CHECK(h.dport == 80);
      CHECK(h.seq == 0x01020304);
      CHECK(h.flags == kSyn);
      CHECK(h.win == 64240);
      CHECK(h.len == 0);
      CHECK(h.opt.mss == 1460);
      CHECK(h.opt.sack_permitted);
      CHECK(h.opt.has_timestamp);
      CHECK(h.opt.ts_val == 1);
      CHECK(h.opt.wscale == 7);
    }
  }
  TcpHeader h;
  CHECK(decode(DLT_EN10MB,
               segment_frame(DLT_EN10MB, v4(1, 2, 3, 4, 5), v4(5, 6, 7, 8, 9), syn, true),
               h) == Decoded::tcp);
  CHECK(h.opt.mss == 1460);
}

TEST_CASE("decode: payload length comes from IP, so a short snap length still counts it") {
  std::uint32_t wire = 0;
  const Bytes ip =
      ip_packet(v4(10, 0, 0, 1, 1), v4(10, 0, 0, 2, 2), Tcp(1, 2, kAck, 9, 1448), wire);
  TcpHeader h;
  CHECK(decode(DLT_RAW, ip, h, wire) == Decoded::tcp);
  CHECK(h.len == 1448);
  // Segmentation offload on the capturing host: IPv4 total length 0, the frame's is used.
  Bytes tso = ip;
  tso[2] = tso[3] = 0;
  CHECK(decode(DLT_RAW, tso, h, 20 + 20 + 30000) == Decoded::tcp);
  CHECK(h.len == 30000);
}

TEST_CASE("decode: SACK blocks, and option lists that end badly keep what came before") {
  TcpOptions o;
  Bytes sack = opt_sack({{100, 200}, {300, 400}});
  parse_tcp_options(sack, o);
  REQUIRE(o.sack_count == 2);
  CHECK(o.sack[0] == SackBlock{100, 200});
  CHECK(o.sack[1] == SackBlock{300, 400});
  // MSS, then an option claiming 40 bytes in a 4-byte rest: the MSS stays, parsing stops.
  o = {};
  parse_tcp_options(Bytes{2, 4, 5, 0xb4, 8, 40, 0, 0}, o);
  CHECK(o.mss == 1460);
  CHECK_FALSE(o.has_timestamp);
  // Length 0 or 1 would loop forever; a lone kind byte at the end has no length.
  for (const Bytes& bad : {Bytes{3, 0, 7}, Bytes{3, 1, 7}, Bytes{2}, Bytes{1, 1, 1, 8}}) {
    o = {};
    parse_tcp_options(bad, o);
    CHECK(o.wscale == -1);
  }
  // Five SACK blocks: only four fit.
  o = {};
  parse_tcp_options(opt_sack({{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}}), o);
  CHECK(o.sack_count == 4);
  // End of list stops it.
  o = {};
  parse_tcp_options(Bytes{0, 2, 4, 5, 0xb4}, o);
  CHECK(o.mss == 0);
}

TEST_CASE("decode: every cut of a frame is truncated or malformed, never read past its end") {
  const Tcp seg(1, 2, kAck | kPsh, 100, 50, opt_sack({{10, 20}}));
  for (int link : {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL, DLT_RAW}) {
    for (bool ipv6 : {false, true}) {
      const Host a = ipv6 ? v6(1, 1) : v4(1, 1, 1, 1, 1);
      const Host b = ipv6 ? v6(2, 2) : v4(2, 2, 2, 2, 2);
      const Bytes whole = segment_frame(link, a, b, seg);
      for (std::size_t n = 0; n < whole.size(); ++n) {
        INFO(link << " " << ipv6 << " cut at " << n);
        const Bytes cut(whole.begin(), whole.begin() + static_cast<long>(n));
        TcpHeader h;
        const Decoded d = decode(link, cut, h, static_cast<std::uint32_t>(whole.size()));
        CHECK((d == Decoded::truncated || d == Decoded::malformed));
      }
    }
  }
}

TEST_CASE("decode: lengths that lie, other protocols, unknown link types") {
  std::uint32_t wire = 0;
  const Bytes ip = ip_packet(v4(1, 1, 1, 1, 1), v4(2, 2, 2, 2, 2), Tcp(1, 2, kAck), wire);
  TcpHeader h;
  Bytes bad = ip;
  bad[0] = 0x43;  // header length 12 bytes
  CHECK(decode(DLT_RAW, bad, h) == Decoded::malformed);
  bad = ip;
  bad[32] = 0x30;  // TCP header 12 bytes
  CHECK(decode(DLT_RAW, bad, h) == Decoded::malformed);
  bad = ip;
  bad[32] = 0xf0;  // TCP header 60 bytes, longer than the datagram
  CHECK(decode(DLT_RAW, bad, h) == Decoded::malformed);
  bad = ip;
  bad[9] = 17;  // UDP
  CHECK(decode(DLT_RAW, bad, h) == Decoded::not_tcp);
  bad = ip;
  bad[0] = 0x55;  // IP version 5
  CHECK(decode(DLT_RAW, bad, h) == Decoded::not_tcp);
  Bytes arp(14, 0);
  arp[12] = 0x08;
  arp[13] = 0x06;
  arp.resize(60);
  CHECK(decode(DLT_EN10MB, arp, h) == Decoded::not_tcp);
  CHECK(decode(DLT_IEEE802_11, ip, h) == Decoded::unsupported);
  CHECK_FALSE(link_type_supported(DLT_IEEE802_11));
  CHECK(link_type_supported(DLT_LINUX_SLL2));
  CHECK(link_type_name(DLT_EN10MB) == "EN10MB");
}

TEST_CASE("decode: IPv6 extension headers are walked, fragments are not read") {
  std::uint32_t wire = 0;
  const Bytes plain = ip_packet(v6(1, 1), v6(2, 2), Tcp(5, 6, kAck, 100, 10), wire);
  // Insert an 8-byte destination-options header (next header 6) after the fixed header.
  Bytes with_ext(plain.begin(), plain.begin() + 40);
  with_ext[6] = 60;
  const std::uint16_t payload = static_cast<std::uint16_t>((with_ext[4] << 8 | with_ext[5]) + 8);
  with_ext[4] = static_cast<std::uint8_t>(payload >> 8);
  with_ext[5] = static_cast<std::uint8_t>(payload);
  with_ext.insert(with_ext.end(), {6, 0, 1, 4, 0, 0, 0, 0});
  with_ext.insert(with_ext.end(), plain.begin() + 40, plain.end());
  TcpHeader h;
  REQUIRE(decode(DLT_RAW, with_ext, h, wire + 8) == Decoded::tcp);
  CHECK(h.seq == 5);
  CHECK(h.len == 10);
  Bytes frag = with_ext;
  frag[6] = 44;         // a fragment header instead
  frag[40 + 3] = 0x01;  // more fragments
  CHECK(decode(DLT_RAW, frag, h, wire + 8) == Decoded::unsupported);
}

TEST_CASE("decode: IPv4 fragments are held until the datagram is whole") {
  const Host a = v4(10, 0, 0, 1, 1000), b = v4(10, 0, 0, 2, 80);
  std::uint32_t wire = 0;
  Bytes first = ip_packet(a, b, Tcp(9, 8, kAck, 100, 1000), wire, 5, 0x2000);
  first[2] = 0;
  first[3] = 20 + 24;  // 24 bytes: the TCP header and 4 bytes of data
  Bytes last = ip_packet(a, b, Tcp(0, 0, 0), wire, 5, 24 / 8);
  last.resize(20);
  last[2] = (20 + 996) >> 8;
  last[3] = (20 + 996) & 0xff;
  FragmentTable frags;
  TcpHeader h;
  // Last piece first: held; then the first completes it.
  CHECK(decode_frame(DLT_RAW, last, 20 + 996, h, frags) == Decoded::fragment);
  CHECK(frags.open() == 1);
  REQUIRE(decode_frame(DLT_RAW, first, 20 + 24, h, frags) == Decoded::tcp);
  CHECK(h.seq == 9);
  CHECK(h.len == 1000);
  CHECK(frags.open() == 0);
  CHECK(frags.reassembled() == 1);
}
