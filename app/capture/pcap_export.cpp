#include "app/capture/pcap_export.hpp"

#include <fmt/format.h>

#include <span>
#include <vector>

#include "app/capture/capture_error.hpp"
#include "app/capture/pcap_writer.hpp"
#include "engine/ip_fragment.hpp"

namespace synack {
namespace {

// Hosts that sent IP fragments: they run without path MTU discovery, so no DF at all.
std::vector<bool> hosts_fragmenting(const Trace& trace) {
  std::vector<bool> out(trace.hosts.size(), false);
  for (std::size_t i = 0; i < trace.segments.size(); ++i) {
    const SegmentRecord r = trace.segments[i];
    if (!r.frag.fragmented()) continue;
    if (r.from_host >= out.size()) out.resize(r.from_host + 1u, false);
    out[r.from_host] = true;
  }
  return out;
}

}  // namespace

MacAddress host_mac(std::uint16_t host) {
  const std::uint32_t n = host == kNoHost ? 0 : host + 1u;
  return {0x02, 0x53, 0x59, 0x4e, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
}

std::string pcap_bytes(const Trace& trace, const std::string& name) {
  PcapWriter out(DLT_EN10MB, kPcapSnaplen, name);
  std::vector<bool> no_df = hosts_fragmenting(trace);
  std::vector<std::uint16_t> next_id(trace.hosts.size(), 1);  // as World's next_ip_id
  // The TCP bytes of the datagram being fragmented: its fragments are consecutive sends.
  std::vector<std::uint8_t> datagram;
  std::uint64_t packet = 0;
  for (const Event& e : trace.events) {
    if (e.type != EventType::send || e.segment == kNoIndex) continue;
    ++packet;
    const SegmentRecord r = trace.segments[e.segment];
    if (r.from_host >= next_id.size()) next_id.resize(r.from_host + 1u, 1);
    if (r.from_host >= no_df.size()) no_df.resize(r.from_host + 1u, false);

    Ipv4Header ip;
    ip.src = r.seg.src.addr;
    ip.dst = r.seg.dst.addr;
    ip.dont_fragment = !no_df[r.from_host];
    if (!r.frag.fragmented() || r.frag.index == 0) {
      datagram = tcp_segment_bytes(r.seg, r.rel_seq + (r.seg.has(kSyn) ? 1 : 0));
      if (kIpHeader + datagram.size() > kMaxIpDatagram) {
        throw CaptureError(name, packet,
                           fmt::format("a TCP segment of {} bytes does not fit an IPv4 datagram",
                                       datagram.size()));
      }
    }
    std::span<const std::uint8_t> payload(datagram);
    if (r.frag.fragmented()) {
      if (r.frag.offset + r.frag.len > datagram.size() || r.frag.offset % 8 != 0) {
        throw CaptureError(name, packet,
                           fmt::format("IP fragment {} of {} (offset {}, {} bytes) is not part "
                                       "of a {}-byte datagram",
                                       r.frag.index + 1, r.frag.count, r.frag.offset, r.frag.len,
                                       datagram.size()));
      }
      payload = payload.subspan(r.frag.offset, r.frag.len);
      ip.id = r.frag.id;
      ip.more_fragments = r.frag.more;
      ip.fragment_offset = r.frag.offset;
      if (r.frag.index == 0) next_id[r.from_host] = static_cast<std::uint16_t>(r.frag.id + 1);
    } else {
      ip.id = next_id[r.from_host]++;
    }
    out.frame(kPcapEpoch * kMicrosPerSec + e.t,
              ethernet_frame(host_mac(r.to_host), host_mac(r.from_host), ip, payload));
  }
  return out.finish();
}

}  // namespace synack
