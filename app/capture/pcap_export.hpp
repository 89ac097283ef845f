#pragma once
// A trace written as a classic pcap file (libpcap, Ethernet link type, microsecond times):
// one frame for every segment the trace's send events put on the wire.
//
// Capture point: each sender's own interface, as the segment leaves it, as if tcpdump ran
// on every host and the files were merged. So every segment sent is in the file, at the
// virtual time it was sent, including segments the network drops later (the shared Linux
// captures show them too: their drops are at the receiver's INPUT hook, after the capture
// point). What the network does afterwards (latency, a delayed, duplicated or reordered
// copy) adds no frame. An IP datagram the sender fragmented is one frame per fragment.
//
// Frames: fixed locally administered MACs per host (02:53:59:4e = "SYN", then the host's
// index + 1; 02:53:59:4e:00:00 is the gateway for addresses no host owns), IPv4 with an ID
// counter per host that counts as the engine's does (so fragments keep the trace's IP ID),
// DF set as Linux sets it unless the host fragments (then it is off for all its datagrams),
// TTL 64, TCP with Linux's option layout and correct checksums (packet_encode.hpp). Times
// start at kPcapEpoch, so the same scenario and seed give a byte-identical file.

#include <cstdint>
#include <string>

#include "app/capture/packet_encode.hpp"
#include "engine/trace.hpp"

namespace synack {

inline constexpr std::int64_t kPcapEpoch = 1735689600;  // 2025-01-01 00:00:00 UTC
// tcpdump's default: the largest frame (14 + 65535 bytes) is never cut.
inline constexpr int kPcapSnaplen = 262144;

// The MAC address of host `host` (an index into Trace::hosts); kNoHost: the gateway.
MacAddress host_mac(std::uint16_t host);

// The pcap file's bytes. `name` is where they are going ("t.pcap", "stdout"): a segment
// that cannot be encoded (a datagram over 64 KiB) throws CaptureError naming it and the
// packet's number.
std::string pcap_bytes(const Trace& trace, const std::string& name);

}  // namespace synack
