#pragma once
// Small captures made by hand for the capture tests: TCP segments over IPv4 or IPv6, framed
// for a link type (Ethernet with an optional VLAN tag, Linux cooked v1 and v2, BSD loopback,
// raw IP) and written with the exporter's PcapWriter (libpcap). TCP and IPv4 headers are
// the exporter's (packet_encode.hpp); payload bytes are left out (the IP length counts them),
// as a capture with a short snap length does, so the TCP checksum stays 0.
#include <pcap/pcap.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/capture/packet_encode.hpp"
#include "app/capture/pcap_writer.hpp"
#include "engine/time.hpp"

namespace synack::test {

using Bytes = std::vector<std::uint8_t>;

struct Host {
  std::array<std::uint8_t, 16> addr{};
  bool v6 = false;
  std::uint16_t port = 0;
};
inline Host v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint16_t port) {
  Host h;
  h.addr = {a, b, c, d};
  h.port = port;
  return h;
}
// 2001:db8::`last`
inline Host v6(std::uint8_t last, std::uint16_t port) {
  Host h;
  h.addr = {0x20, 0x01, 0x0d, 0xb8};
  h.addr[15] = last;
  h.v6 = true;
  h.port = port;
  return h;
}

struct Tcp {
  Tcp(std::uint32_t seq_, std::uint32_t ack_, std::uint8_t flags_, std::uint16_t win_ = 1000,
      std::uint32_t len_ = 0, Bytes options_ = {})
      : seq(seq_), ack(ack_), flags(flags_), win(win_), len(len_), options(std::move(options_)) {}
  std::uint32_t seq, ack;
  std::uint8_t flags;  // TcpFlag bits
  std::uint16_t win;
  std::uint32_t len;
  Bytes options;  // already padded to a multiple of 4
};

// Option bytes, laid out as Linux lays them out (tcp_option_bytes).
inline Bytes opt_syn(std::uint16_t mss, bool sack = true, bool ts = true, int wscale = 7) {
  TcpOptions o;
  o.mss = mss;
  o.sack_permitted = sack;
  o.has_timestamp = ts;
  o.ts_val = 1;
  o.wscale = static_cast<std::int8_t>(wscale);
  return tcp_option_bytes(o);
}
// NOP NOP SACK as Linux writes it, with any number of blocks: more than the four TcpOptions
// holds (and tcp_option_bytes writes) makes lists a real stack never sends, for the decoder.
inline Bytes opt_sack(std::vector<std::pair<std::uint32_t, std::uint32_t>> blocks) {
  Bytes o = {1, 1, 5, static_cast<std::uint8_t>(2 + 8 * blocks.size())};
  for (auto [l, r] : blocks) {
    for (int s = 24; s >= 0; s -= 8) o.push_back(static_cast<std::uint8_t>(l >> s));
    for (int s = 24; s >= 0; s -= 8) o.push_back(static_cast<std::uint8_t>(r >> s));
  }
  return o;
}

// IP and TCP headers; `wire` gets the datagram's full length.
inline Bytes ip_packet(const Host& from, const Host& to, const Tcp& t, std::uint32_t& wire,
                       std::uint16_t ip_id = 0, std::uint16_t frag_field = 0x4000) {
  auto addr4 = [](const Host& h) {
    return Addr{h.addr[0]} << 24 | Addr{h.addr[1]} << 16 | Addr{h.addr[2]} << 8 | h.addr[3];
  };
  Segment seg;
  seg.src = {from.v6 ? 0 : addr4(from), from.port};
  seg.dst = {to.v6 ? 0 : addr4(to), to.port};
  seg.seq = t.seq;
  seg.ack = t.ack;
  seg.flags = t.flags;
  seg.win = t.win;
  const Bytes tcp = tcp_header_bytes(seg, t.options);
  const std::uint32_t tcp_bytes = static_cast<std::uint32_t>(tcp.size()) + t.len;
  Bytes ip;
  if (from.v6) {
    // Room for the whole header first: g++ 12 -O3 otherwise warns (-Warray-bounds, a false
    // positive) about the insert that grows the 8-byte vector.
    ip.reserve(40);
    ip.assign({0x60, 0, 0, 0, static_cast<std::uint8_t>(tcp_bytes >> 8),
               static_cast<std::uint8_t>(tcp_bytes), 6, 64});
    ip.insert(ip.end(), from.addr.begin(), from.addr.end());
    ip.insert(ip.end(), to.addr.begin(), to.addr.end());
  } else {
    Ipv4Header h;
    h.src = seg.src.addr;
    h.dst = seg.dst.addr;
    h.id = ip_id;
    h.dont_fragment = (frag_field & 0x4000) != 0;
    h.more_fragments = (frag_field & 0x2000) != 0;
    h.fragment_offset = (frag_field & 0x1fffu) * 8;
    ip = ipv4_header_bytes(h, tcp_bytes);
  }
  wire = static_cast<std::uint32_t>(ip.size()) + tcp_bytes;
  ip.insert(ip.end(), tcp.begin(), tcp.end());
  return ip;
}

// The link header for `ip`, one per link type.
inline Bytes framed(int link, const Bytes& ip, bool v6, bool vlan = false) {
  const std::uint16_t type = v6 ? 0x86dd : 0x0800;
  const std::uint8_t hi = static_cast<std::uint8_t>(type >> 8),
                     lo = static_cast<std::uint8_t>(type);
  Bytes f;
  switch (link) {
    case DLT_EN10MB:
      f.assign(12, 0x02);
      if (vlan) f.insert(f.end(), {0x81, 0x00, 0x00, 0x2a});
      f.insert(f.end(), {hi, lo});
      break;
    case DLT_LINUX_SLL:  // packet type, ARPHRD, address length, address (8), protocol
      f = {0, 0, 0, 1, 0, 6, 2, 2, 2, 2, 2, 2, 0, 0, hi, lo};
      break;
    case DLT_LINUX_SLL2:  // protocol, reserved, ifindex, ARPHRD, type, length, address (8)
      f = {hi, lo, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 2, 2, 2, 2, 2, 0, 0};
      break;
    case DLT_NULL:  // the family in the capturing machine's byte order (here little-endian)
      f = {static_cast<std::uint8_t>(v6 ? 10 : 2), 0, 0, 0};
      break;
    default:  // raw IP
      break;
  }
  f.insert(f.end(), ip.begin(), ip.end());
  return f;
}

// A capture file, written when closed.
class PcapFile {
 public:
  PcapFile(const std::filesystem::path& path, int link)
      : path_(path), link_(link), writer_(std::in_place, link, 65535, path.string()) {}
  ~PcapFile() { close(); }
  PcapFile(const PcapFile&) = delete;
  PcapFile& operator=(const PcapFile&) = delete;

  void frame(Micros t, const Bytes& bytes, std::uint32_t wire_len) {
    writer_->frame(t, bytes, wire_len);
  }
  // One segment from `from` to `to`, framed for this file's link type.
  void segment(Micros t, const Host& from, const Host& to, const Tcp& tcp, bool vlan = false) {
    std::uint32_t wire = 0;
    const Bytes ip = ip_packet(from, to, tcp, wire);
    const Bytes f = framed(link_, ip, from.v6, vlan);
    frame(t, f, wire + static_cast<std::uint32_t>(f.size() - ip.size()));
  }
  void close() {
    if (!writer_) return;
    const std::string bytes = writer_->finish();
    writer_.reset();
    std::ofstream(path_, std::ios::binary) << bytes;
  }

 private:
  std::filesystem::path path_;
  int link_;
  std::optional<synack::PcapWriter> writer_;
};

}  // namespace synack::test
