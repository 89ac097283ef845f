#pragma once
// Small captures made by hand for the capture tests: TCP segments over IPv4 or IPv6, framed
// for a link type (Ethernet with an optional VLAN tag, Linux cooked v1 and v2, BSD loopback,
// raw IP) and written with libpcap (pcap_open_dead + pcap_dump). Payload bytes are left
// out (the IP length counts them), as a capture with a short snap length does.
#include <pcap/pcap.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

// Option bytes.
inline Bytes opt_syn(std::uint16_t mss, bool sack = true, bool ts = true, int wscale = 7) {
  Bytes o = {2, 4, static_cast<std::uint8_t>(mss >> 8), static_cast<std::uint8_t>(mss)};
  if (sack) o.insert(o.end(), {1, 1, 4, 2});
  if (ts) o.insert(o.end(), {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0});
  if (wscale >= 0) o.insert(o.end(), {1, 3, 3, static_cast<std::uint8_t>(wscale)});
  return o;
}
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
  Bytes tcp = {static_cast<std::uint8_t>(from.port >> 8), static_cast<std::uint8_t>(from.port),
               static_cast<std::uint8_t>(to.port >> 8), static_cast<std::uint8_t>(to.port)};
  for (std::uint32_t v : {t.seq, t.ack}) {
    for (int s = 24; s >= 0; s -= 8) tcp.push_back(static_cast<std::uint8_t>(v >> s));
  }
  const auto header = static_cast<std::uint8_t>(20 + t.options.size());
  tcp.insert(tcp.end(),
             {static_cast<std::uint8_t>(header / 4 << 4), t.flags,
              static_cast<std::uint8_t>(t.win >> 8), static_cast<std::uint8_t>(t.win), 0, 0, 0, 0});
  tcp.insert(tcp.end(), t.options.begin(), t.options.end());
  const std::uint32_t tcp_bytes = header + t.len;
  Bytes ip;
  if (from.v6) {
    ip = {0x60,
          0,
          0,
          0,
          static_cast<std::uint8_t>(tcp_bytes >> 8),
          static_cast<std::uint8_t>(tcp_bytes),
          6,
          64};
    ip.insert(ip.end(), from.addr.begin(), from.addr.end());
    ip.insert(ip.end(), to.addr.begin(), to.addr.end());
  } else {
    const std::uint32_t total = 20 + tcp_bytes;
    ip = {0x45,
          0,
          static_cast<std::uint8_t>(total >> 8),
          static_cast<std::uint8_t>(total),
          static_cast<std::uint8_t>(ip_id >> 8),
          static_cast<std::uint8_t>(ip_id),
          static_cast<std::uint8_t>(frag_field >> 8),
          static_cast<std::uint8_t>(frag_field),
          64,
          6,
          0,
          0};
    ip.insert(ip.end(), from.addr.begin(), from.addr.begin() + 4);
    ip.insert(ip.end(), to.addr.begin(), to.addr.begin() + 4);
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

// A capture file written through libpcap.
class PcapWriter {
 public:
  PcapWriter(const std::filesystem::path& path, int link) : link_(link) {
    handle_ = pcap_open_dead(link, 65535);
    dumper_ = pcap_dump_open(handle_, path.c_str());
    if (dumper_ == nullptr) throw std::runtime_error(pcap_geterr(handle_));
  }
  ~PcapWriter() { close(); }
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void frame(Micros t, const Bytes& bytes, std::uint32_t wire_len) {
    pcap_pkthdr h{};
    h.ts.tv_sec = static_cast<time_t>(t / kMicrosPerSec);
    h.ts.tv_usec = static_cast<suseconds_t>(t % kMicrosPerSec);
    h.caplen = static_cast<bpf_u_int32>(bytes.size());
    h.len = wire_len;
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &h, bytes.data());
  }
  // One segment from `from` to `to`, framed for this file's link type.
  void segment(Micros t, const Host& from, const Host& to, const Tcp& tcp, bool vlan = false) {
    std::uint32_t wire = 0;
    const Bytes ip = ip_packet(from, to, tcp, wire);
    const Bytes f = framed(link_, ip, from.v6, vlan);
    frame(t, f, wire + static_cast<std::uint32_t>(f.size() - ip.size()));
  }
  void close() {
    if (dumper_ != nullptr) pcap_dump_close(dumper_);
    if (handle_ != nullptr) pcap_close(handle_);
    dumper_ = nullptr;
    handle_ = nullptr;
  }

 private:
  int link_;
  pcap_t* handle_ = nullptr;
  pcap_dumper_t* dumper_ = nullptr;
};

}  // namespace synack::test
