#include "app/capture/packet_decode.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <pcap/pcap.h>

#include <algorithm>

namespace synack {
namespace {

// Linux's and the BSDs' numbers for AF_INET6 in a DLT_NULL / DLT_LOOP header.
bool af_inet6(std::uint32_t af) {
  return af == 10 || af == 24 || af == 28 || af == 30;
}

constexpr int kLinktypeRaw = 101;  // LINKTYPE_RAW, should libpcap hand it over unmapped
constexpr std::size_t kMaxOpenDatagrams = 4096;

class Bytes {
 public:
  explicit Bytes(std::span<const std::uint8_t> b) : b_(b) {}
  std::size_t size() const { return b_.size(); }
  bool has(std::size_t at, std::size_t n) const { return at <= b_.size() && n <= b_.size() - at; }
  std::uint8_t u8(std::size_t at) const { return b_[at]; }
  std::uint16_t u16(std::size_t at) const {
    return static_cast<std::uint16_t>(b_[at] << 8 | b_[at + 1]);
  }
  std::uint32_t u32(std::size_t at) const {
    return std::uint32_t{b_[at]} << 24 | std::uint32_t{b_[at + 1]} << 16 |
           std::uint32_t{b_[at + 2]} << 8 | b_[at + 3];
  }
  std::uint32_t u32_le(std::size_t at) const {
    return std::uint32_t{b_[at + 3]} << 24 | std::uint32_t{b_[at + 2]} << 16 |
           std::uint32_t{b_[at + 1]} << 8 | b_[at];
  }
  std::span<const std::uint8_t> from(std::size_t at) const { return b_.subspan(at); }

 private:
  std::span<const std::uint8_t> b_;
};

// The TCP header at the start of `seg` (its captured part), with `payload_and_header` bytes
// of TCP on the wire. Returns the header length, or 0 with `status` set.
std::uint32_t read_tcp(Bytes seg, std::uint32_t tcp_bytes, TcpHeader& out, Decoded& status) {
  if (!seg.has(0, 20)) {
    status = Decoded::truncated;
    return 0;
  }
  const std::uint32_t header_len = static_cast<std::uint32_t>(seg.u8(12) >> 4) * 4;
  if (header_len < 20 || header_len > tcp_bytes) {
    status = Decoded::malformed;
    return 0;
  }
  if (!seg.has(0, header_len)) {
    status = Decoded::truncated;
    return 0;
  }
  out.sport = seg.u16(0);
  out.dport = seg.u16(2);
  out.seq = seg.u32(4);
  out.ack = seg.u32(8);
  out.flags = static_cast<std::uint8_t>(seg.u8(13) & 0x3f);
  out.win = seg.u16(14);
  out.len = tcp_bytes - header_len;
  out.opt = {};
  parse_tcp_options(seg.from(20).first(header_len - 20), out.opt);
  status = Decoded::tcp;
  return header_len;
}

Decoded decode_ipv4(Bytes ip, std::uint32_t wire_ip_len, TcpHeader& out, FragmentTable& frags) {
  if (!ip.has(0, 20)) return Decoded::truncated;
  if (ip.u8(0) >> 4 != 4) return Decoded::malformed;
  const std::uint32_t ihl = std::uint32_t{ip.u8(0) & 0x0fU} * 4;
  std::uint32_t total = ip.u16(2);
  if (total == 0) total = wire_ip_len;  // TSO: the capturing host saw the length unset
  if (ihl < 20 || total < ihl) return Decoded::malformed;
  if (!ip.has(0, ihl)) return Decoded::truncated;
  if (ip.u8(9) != IPPROTO_TCP) return Decoded::not_tcp;
  std::copy_n(ip.from(12).begin(), 4, out.src.bytes.begin());
  std::copy_n(ip.from(16).begin(), 4, out.dst.bytes.begin());
  std::fill(out.src.bytes.begin() + 4, out.src.bytes.end(), 0);
  std::fill(out.dst.bytes.begin() + 4, out.dst.bytes.end(), 0);
  out.src.v6 = out.dst.v6 = false;
  const std::uint16_t frag = ip.u16(6);
  const bool more = (frag & 0x2000) != 0;
  const std::uint32_t offset = std::uint32_t{frag & 0x1fffU} * 8;
  const std::uint32_t bytes = total - ihl;
  if (!more && offset == 0) {
    Decoded status = Decoded::tcp;
    read_tcp(Bytes(ip.from(ihl)), bytes, out, status);
    return status;
  }
  // A fragment: only the first carries the TCP header.
  TcpHeader first;
  std::uint32_t header_len = 0;
  if (offset == 0) {
    first.src = out.src;
    first.dst = out.dst;
    Decoded status = Decoded::tcp;
    // The header must fit in the first fragment; its length is checked on the datagram.
    header_len = read_tcp(Bytes(ip.from(ihl)), 0xffffffffU, first, status);
    if (header_len == 0) return status;
  }
  const IpAddr src = out.src, dst = out.dst;
  if (frags.add(src, dst, ip.u16(4), offset, bytes, more, offset == 0 ? &first : nullptr,
                header_len, out)) {
    return Decoded::tcp;
  }
  return Decoded::fragment;
}

Decoded decode_ipv6(Bytes ip, std::uint32_t wire_ip_len, TcpHeader& out) {
  if (!ip.has(0, 40)) return Decoded::truncated;
  if (ip.u8(0) >> 4 != 6) return Decoded::malformed;
  std::uint32_t payload = ip.u16(4);
  if (payload == 0) {  // jumbogram or offload: take the frame's length
    if (wire_ip_len < 40) return Decoded::malformed;
    payload = wire_ip_len - 40;
  }
  std::copy_n(ip.from(8).begin(), 16, out.src.bytes.begin());
  std::copy_n(ip.from(24).begin(), 16, out.dst.bytes.begin());
  out.src.v6 = out.dst.v6 = true;
  std::uint8_t next = ip.u8(6);
  std::size_t at = 40;
  std::uint32_t left = payload;
  for (int hops = 0; hops < 16; ++hops) {
    if (next == IPPROTO_TCP) {
      Decoded status = Decoded::tcp;
      read_tcp(Bytes(ip.from(at)), left, out, status);
      return status;
    }
    std::uint32_t ext = 0;
    switch (next) {
      case 0:   // hop-by-hop
      case 43:  // routing
      case 60:  // destination options
        if (!ip.has(at, 2)) return Decoded::truncated;
        ext = (std::uint32_t{ip.u8(at + 1)} + 1) * 8;
        break;
      case 51:  // authentication header
        if (!ip.has(at, 2)) return Decoded::truncated;
        ext = (std::uint32_t{ip.u8(at + 1)} + 2) * 4;
        break;
      case 44:  // fragment: only an atomic one (offset 0, no more) is read
        if (!ip.has(at, 8)) return Decoded::truncated;
        if ((ip.u16(at + 2) & 0xfff9) != 0) return Decoded::unsupported;
        ext = 8;
        break;
      default:
        return Decoded::not_tcp;
    }
    if (ext > left) return Decoded::malformed;
    if (!ip.has(at, ext)) return Decoded::truncated;
    next = ip.u8(at);
    at += ext;
    left -= ext;
  }
  return Decoded::unsupported;
}

Decoded decode_ip(Bytes ip, std::uint32_t wire_ip_len, TcpHeader& out, FragmentTable& frags) {
  if (!ip.has(0, 1)) return Decoded::truncated;
  switch (ip.u8(0) >> 4) {
    case 4:
      return decode_ipv4(ip, wire_ip_len, out, frags);
    case 6:
      return decode_ipv6(ip, wire_ip_len, out);
    default:
      return Decoded::not_tcp;
  }
}

// The IP packet of an Ethernet-type protocol number, after `at` bytes of link header.
Decoded by_ethertype(Bytes frame, std::size_t at, std::uint16_t type, std::uint32_t wire_len,
                     TcpHeader& out, FragmentTable& frags) {
  for (int tags = 0; tags < 3 && (type == 0x8100 || type == 0x88a8 || type == 0x9100); ++tags) {
    if (!frame.has(at, 4)) return Decoded::truncated;
    type = frame.u16(at + 2);
    at += 4;
  }
  if (type != 0x0800 && type != 0x86dd) return Decoded::not_tcp;
  if (!frame.has(at, 0)) return Decoded::truncated;
  const std::uint32_t wire_ip = wire_len > at ? wire_len - static_cast<std::uint32_t>(at) : 0;
  return decode_ip(Bytes(frame.from(at)), wire_ip, out, frags);
}

Decoded by_family(Bytes frame, bool ipv6, std::uint32_t wire_len, TcpHeader& out,
                  FragmentTable& frags) {
  const std::uint32_t wire_ip = wire_len > 4 ? wire_len - 4 : 0;
  Bytes ip(frame.from(4));
  if (!ip.has(0, 1)) return Decoded::truncated;
  if (ipv6 != (ip.u8(0) >> 4 == 6)) return Decoded::malformed;
  return decode_ip(ip, wire_ip, out, frags);
}

}  // namespace

std::string ip_to_string(const IpAddr& a) {
  char text[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.bytes.data(), text, sizeof text);
  return text;
}

Addr ipv4_of(const IpAddr& a) {
  if (a.v6) return 0;
  return Addr{a.bytes[0]} << 24 | Addr{a.bytes[1]} << 16 | Addr{a.bytes[2]} << 8 | a.bytes[3];
}

void parse_tcp_options(std::span<const std::uint8_t> bytes, TcpOptions& opt) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t kind = bytes[i];
    if (kind == 0) break;  // end of list
    if (kind == 1) {       // NOP
      ++i;
      continue;
    }
    if (i + 1 >= bytes.size()) break;
    const std::size_t len = bytes[i + 1];
    if (len < 2 || len > bytes.size() - i) break;  // broken list: keep what was read
    const std::uint8_t* v = bytes.data() + i + 2;
    switch (kind) {
      case 2:
        if (len == 4) opt.mss = static_cast<std::uint16_t>(v[0] << 8 | v[1]);
        break;
      case 3:
        if (len == 3) opt.wscale = static_cast<std::int8_t>(std::min<std::uint8_t>(v[0], 14));
        break;
      case 4:
        if (len == 2) opt.sack_permitted = true;
        break;
      case 5: {
        const std::size_t blocks = (len - 2) / 8;
        opt.sack_count = 0;
        for (std::size_t b = 0; b < blocks && b < opt.sack.size(); ++b) {
          const std::uint8_t* e = v + b * 8;
          opt.sack[b].left = std::uint32_t{e[0]} << 24 | std::uint32_t{e[1]} << 16 |
                             std::uint32_t{e[2]} << 8 | e[3];
          opt.sack[b].right = std::uint32_t{e[4]} << 24 | std::uint32_t{e[5]} << 16 |
                              std::uint32_t{e[6]} << 8 | e[7];
          opt.sack_count = static_cast<std::uint8_t>(b + 1);
        }
        break;
      }
      case 8:
        if (len == 10) {
          opt.has_timestamp = true;
          opt.ts_val = std::uint32_t{v[0]} << 24 | std::uint32_t{v[1]} << 16 |
                       std::uint32_t{v[2]} << 8 | v[3];
          opt.ts_ecr = std::uint32_t{v[4]} << 24 | std::uint32_t{v[5]} << 16 |
                       std::uint32_t{v[6]} << 8 | v[7];
        }
        break;
      default:
        break;
    }
    i += len;
  }
}

std::size_t FragmentTable::KeyHash::operator()(const Key& k) const {
  std::uint64_t h = k.id;
  for (std::size_t i = 0; i < 4; ++i) h = h * 131 + k.src.bytes[i];
  for (std::size_t i = 0; i < 4; ++i) h = h * 131 + k.dst.bytes[i];
  return static_cast<std::size_t>(h ^ (h >> 29));
}

bool FragmentTable::add(const IpAddr& src, const IpAddr& dst, std::uint16_t id,
                        std::uint32_t offset, std::uint32_t bytes, bool more,
                        const TcpHeader* first, std::uint32_t tcp_header_len, TcpHeader& out) {
  if (partial_.size() >= kMaxOpenDatagrams) {
    auto oldest = std::min_element(partial_.begin(), partial_.end(), [](auto& a, auto& b) {
      return a.second.order < b.second.order;
    });
    partial_.erase(oldest);
  }
  auto [it, fresh] = partial_.try_emplace(Key{src, dst, id});
  Partial& p = it->second;
  if (fresh) p.order = ++counter_;
  p.covered += bytes;
  if (first != nullptr) {
    p.header = *first;
    p.header_len = tcp_header_len;
    p.have_first = true;
  }
  if (!more) {
    p.total = offset + bytes;
    p.have_last = true;
  }
  if (!p.have_first || !p.have_last || p.covered < p.total) return false;
  if (p.total < p.header_len) {  // pieces that do not add up to a header: dropped
    partial_.erase(it);
    return false;
  }
  out = p.header;
  out.len = p.total - p.header_len;
  partial_.erase(it);
  ++reassembled_;
  return true;
}

bool link_type_supported(int link_type) {
  switch (link_type) {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_NULL:
    case DLT_LOOP:
    case DLT_RAW:
    case kLinktypeRaw:
    case DLT_IPV4:
    case DLT_IPV6:
      return true;
    default:
      return false;
  }
}

std::string link_type_name(int link_type) {
  const char* name = pcap_datalink_val_to_name(link_type);
  return name != nullptr ? name : fmt::format("link type {}", link_type);
}

Decoded decode_frame(int link_type, std::span<const std::uint8_t> data, std::uint32_t wire_len,
                     TcpHeader& out, FragmentTable& frags) {
  Bytes frame(data);
  switch (link_type) {
    case DLT_EN10MB:
      if (!frame.has(0, 14)) return Decoded::truncated;
      return by_ethertype(frame, 14, frame.u16(12), wire_len, out, frags);
    case DLT_LINUX_SLL:
      if (!frame.has(0, 16)) return Decoded::truncated;
      return by_ethertype(frame, 16, frame.u16(14), wire_len, out, frags);
    case DLT_LINUX_SLL2:
      if (!frame.has(0, 20)) return Decoded::truncated;
      return by_ethertype(frame, 20, frame.u16(0), wire_len, out, frags);
    case DLT_NULL:
    case DLT_LOOP: {
      if (!frame.has(0, 4)) return Decoded::truncated;
      // DLT_NULL is in the capturing machine's byte order, DLT_LOOP in network order.
      const std::uint32_t be = frame.u32(0);
      const std::uint32_t le = frame.u32_le(0);
      const std::uint32_t af = link_type == DLT_LOOP ? be : (le < 256 ? le : be);
      if (af == 2) return by_family(frame, false, wire_len, out, frags);
      if (af_inet6(af)) return by_family(frame, true, wire_len, out, frags);
      return Decoded::not_tcp;
    }
    case DLT_RAW:
    case kLinktypeRaw:
    case DLT_IPV4:
    case DLT_IPV6:
      return decode_ip(frame, wire_len, out, frags);
    default:
      return Decoded::unsupported;
  }
}

}  // namespace synack
