#include "app/capture/pcap_export.hpp"

#include <fmt/format.h>
#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "app/capture/capture_error.hpp"
#include "engine/ip_fragment.hpp"

namespace synack {
namespace {

// libpcap writes through stdio; open_memstream gives it a FILE* over memory, so the caller
// can put the bytes on stdout or write the file atomically.
class MemoryDumper {
 public:
  explicit MemoryDumper(const std::string& name) : name_(name) {
    dead_ = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, kPcapSnaplen,
                                                 PCAP_TSTAMP_PRECISION_MICRO);
    if (dead_ == nullptr) throw CaptureError(name_, 0, "libpcap: pcap_open_dead failed");
    std::FILE* file = ::open_memstream(&buffer_, &size_);
    if (file == nullptr) fail(fmt::format("open_memstream: {}", std::strerror(errno)));
    dumper_ = pcap_dump_fopen(dead_, file);
    if (dumper_ == nullptr) {
      std::fclose(file);
      fail(fmt::format("libpcap: {}", pcap_geterr(dead_)));
    }
  }
  MemoryDumper(const MemoryDumper&) = delete;
  MemoryDumper& operator=(const MemoryDumper&) = delete;
  ~MemoryDumper() { release(); }

  void dump(Micros t, std::span<const std::uint8_t> frame) {
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(kPcapEpoch + t / kMicrosPerSec);
    header.ts.tv_usec = static_cast<suseconds_t>(t % kMicrosPerSec);
    header.caplen = static_cast<bpf_u_int32>(frame.size());
    header.len = header.caplen;
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data());
  }

  std::string finish() {
    if (pcap_dump_flush(dumper_) != 0) fail("libpcap could not write the capture");
    pcap_dump_close(dumper_);  // closes the memstream, which sets buffer_ and size_
    dumper_ = nullptr;
    std::string bytes(buffer_, size_);
    release();
    return bytes;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    release();
    throw CaptureError(name_, 0, what);
  }
  void release() {
    if (dumper_ != nullptr) pcap_dump_close(dumper_);
    if (dead_ != nullptr) pcap_close(dead_);
    std::free(buffer_);
    dumper_ = nullptr;
    dead_ = nullptr;
    buffer_ = nullptr;
  }

  std::string name_;
  pcap_t* dead_ = nullptr;
  pcap_dumper_t* dumper_ = nullptr;
  char* buffer_ = nullptr;
  std::size_t size_ = 0;
};

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
  return {0x02, 0x53, 0x59, 0x4e, static_cast<std::uint8_t>(n >> 8),
          static_cast<std::uint8_t>(n)};
}

std::string pcap_bytes(const Trace& trace, const std::string& name) {
  MemoryDumper out(name);
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
    out.dump(e.t, ethernet_frame(host_mac(r.to_host), host_mac(r.from_host), ip, payload));
  }
  return out.finish();
}

}  // namespace synack
