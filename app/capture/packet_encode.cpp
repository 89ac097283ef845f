#include "app/capture/packet_encode.hpp"

#include "engine/ip_fragment.hpp"

namespace synack {
namespace {

// TCP option kinds (RFC 9293, 2018, 7323).
constexpr std::uint8_t kOptNop = 1;
constexpr std::uint8_t kOptMss = 2;
constexpr std::uint8_t kOptWindowScale = 3;
constexpr std::uint8_t kOptSackPermitted = 4;
constexpr std::uint8_t kOptSack = 5;
constexpr std::uint8_t kOptTimestamp = 8;

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint16_t kIpDontFragment = 0x4000;
constexpr std::uint16_t kIpMoreFragments = 0x2000;

void put16(std::vector<std::uint8_t>& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, v >> 16);
  put16(out, v);
}

void set16(std::vector<std::uint8_t>& out, std::size_t at, std::uint16_t v) {
  out[at] = static_cast<std::uint8_t>(v >> 8);
  out[at + 1] = static_cast<std::uint8_t>(v);
}

}  // namespace

std::uint32_t checksum_add(std::span<const std::uint8_t> bytes, std::uint32_t partial) {
  // 64 bits so no carry is lost before folding, even for a 64 KiB datagram.
  std::uint64_t sum = partial;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += (std::uint32_t{bytes[i]} << 8) | bytes[i + 1];
  if (i < bytes.size()) sum += std::uint32_t{bytes[i]} << 8;
  while (sum >> 32) sum = (sum & 0xffffffff) + (sum >> 32);
  return static_cast<std::uint32_t>(sum);
}

std::uint16_t checksum_finish(std::uint32_t sum) {
  std::uint64_t s = sum;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(~s);
}

std::vector<std::uint8_t> tcp_option_bytes(const TcpOptions& opt) {
  std::vector<std::uint8_t> out;
  if (opt.mss != 0) {
    out.insert(out.end(), {kOptMss, 4});
    put16(out, opt.mss);
  }
  if (opt.has_timestamp) {
    // SACK_PERM takes the two bytes of padding in front of the timestamp.
    if (opt.sack_permitted) {
      out.insert(out.end(), {kOptSackPermitted, 2});
    } else {
      out.insert(out.end(), {kOptNop, kOptNop});
    }
    out.insert(out.end(), {kOptTimestamp, 10});
    put32(out, opt.ts_val);
    put32(out, opt.ts_ecr);
  } else if (opt.sack_permitted) {
    out.insert(out.end(), {kOptNop, kOptNop, kOptSackPermitted, 2});
  }
  if (opt.wscale >= 0) {
    out.insert(out.end(), {kOptNop, kOptWindowScale, 3, static_cast<std::uint8_t>(opt.wscale)});
  }
  if (opt.sack_count > 0) {
    out.insert(out.end(),
               {kOptNop, kOptNop, kOptSack, static_cast<std::uint8_t>(2 + 8 * opt.sack_count)});
    for (int i = 0; i < opt.sack_count; ++i) {
      put32(out, opt.sack[i].left);
      put32(out, opt.sack[i].right);
    }
  }
  return out;
}

std::uint8_t payload_byte(std::uint32_t rel_seq) {
  // Relative sequence number 1 is the first byte after the SYN: 'a'. The line ends keep
  // Wireshark's text dissectors (HTTP on port 80) from waiting for a line across the stream.
  const std::uint32_t k = (rel_seq - 1) % 27;
  return static_cast<std::uint8_t>(k == 26 ? '\n' : 'a' + k);
}

std::vector<std::uint8_t> tcp_header_bytes(const Segment& seg,
                                           std::span<const std::uint8_t> options) {
  std::vector<std::uint8_t> out;
  out.reserve(20 + options.size() + seg.len);
  put16(out, seg.src.port);
  put16(out, seg.dst.port);
  put32(out, seg.seq);
  put32(out, seg.ack);
  out.push_back(static_cast<std::uint8_t>((20 + options.size()) / 4 << 4));
  out.push_back(seg.flags);
  put16(out, seg.win);
  put16(out, 0);  // checksum
  put16(out, 0);  // urgent pointer
  out.insert(out.end(), options.begin(), options.end());
  return out;
}

std::vector<std::uint8_t> tcp_segment_bytes(const Segment& seg, std::uint32_t rel_seq) {
  std::vector<std::uint8_t> out = tcp_header_bytes(seg, tcp_option_bytes(seg.opt));
  for (std::uint32_t i = 0; i < seg.len; ++i) out.push_back(payload_byte(rel_seq + i));

  // Pseudo-header (RFC 9293 §3.1): addresses, protocol, TCP length.
  std::vector<std::uint8_t> pseudo;
  put32(pseudo, seg.src.addr);
  put32(pseudo, seg.dst.addr);
  put16(pseudo, kIpProtoTcp);
  put16(pseudo, static_cast<std::uint32_t>(out.size()));
  set16(out, 16, checksum_finish(checksum_add(out, checksum_add(pseudo))));
  return out;
}

std::vector<std::uint8_t> ipv4_header_bytes(const Ipv4Header& ip, std::uint32_t payload_len) {
  std::vector<std::uint8_t> out;
  out.reserve(kIpHeader);
  out.push_back(0x45);  // version 4, IHL 5 words
  out.push_back(0);     // DSCP/ECN: the engine does no ECN
  put16(out, kIpHeader + payload_len);
  put16(out, ip.id);
  std::uint32_t frag = ip.fragment_offset / 8;
  if (ip.dont_fragment) frag |= kIpDontFragment;
  if (ip.more_fragments) frag |= kIpMoreFragments;
  put16(out, frag);
  out.push_back(ip.ttl);
  out.push_back(ip.protocol);
  put16(out, 0);  // header checksum, below
  put32(out, ip.src);
  put32(out, ip.dst);
  set16(out, 10, checksum_finish(checksum_add(out)));
  return out;
}

std::vector<std::uint8_t> ethernet_frame(const MacAddress& dst, const MacAddress& src,
                                         const Ipv4Header& ip,
                                         std::span<const std::uint8_t> ip_payload) {
  std::vector<std::uint8_t> out;
  out.reserve(kEthernetHeader + kIpHeader + ip_payload.size());
  out.insert(out.end(), dst.begin(), dst.end());
  out.insert(out.end(), src.begin(), src.end());
  put16(out, kEtherTypeIpv4);
  const std::vector<std::uint8_t> header =
      ipv4_header_bytes(ip, static_cast<std::uint32_t>(ip_payload.size()));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), ip_payload.begin(), ip_payload.end());
  return out;
}

}  // namespace synack
