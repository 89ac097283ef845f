#pragma once
// The bytes of a segment as Linux would put it on an Ethernet wire: Ethernet II, IPv4
// (20 bytes, no options) and TCP with its options in Linux's order (tcp_options_write), all
// checksums filled in. The engine moves byte counts, not bytes, so payloads are a pattern.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/segment.hpp"

namespace synack {

using MacAddress = std::array<std::uint8_t, 6>;

inline constexpr std::uint32_t kEthernetHeader = 14;
inline constexpr std::uint8_t kIpProtoTcp = 6;
inline constexpr std::uint8_t kDefaultTtl = 64;  // Linux's ip_default_ttl

struct Ipv4Header {
  Addr src = 0;
  Addr dst = 0;
  std::uint16_t id = 0;
  bool dont_fragment = true;  // Linux sets DF on TCP (path MTU discovery)
  bool more_fragments = false;
  std::uint32_t fragment_offset = 0;  // bytes; a multiple of 8
  std::uint8_t ttl = kDefaultTtl;
  std::uint8_t protocol = kIpProtoTcp;
};

// RFC 1071's ones' complement sum of `bytes` (odd length padded with a zero), added to
// `partial`; not yet folded or inverted, so sums of pieces can be chained.
std::uint32_t checksum_add(std::span<const std::uint8_t> bytes, std::uint32_t partial = 0);
// Folds a sum to 16 bits and inverts it: the value a header's checksum field holds.
std::uint16_t checksum_finish(std::uint32_t sum);

// The option bytes Linux writes for `opt`, padded with NOPs to 4-byte words:
// SYN: MSS, SACK_PERM, TS, NOP, WS (NOP NOP before TS without SACK_PERM; NOP NOP SACK_PERM
// without TS); later segments: NOP NOP TS, then NOP NOP SACK with the blocks.
std::vector<std::uint8_t> tcp_option_bytes(const TcpOptions& opt);

// The payload byte at relative sequence number `rel_seq`: lines of the 26 lower-case letters
// counting along the stream, so a retransmission repeats its original's bytes.
std::uint8_t payload_byte(std::uint32_t rel_seq);

// The TCP header of `seg` carrying `options` (already padded to 4-byte words), checksum 0
// and urgent pointer 0 (the engine sends no urgent data).
std::vector<std::uint8_t> tcp_header_bytes(const Segment& seg,
                                           std::span<const std::uint8_t> options);

// TCP header, Linux's options and `seg.len` payload bytes (the first at relative sequence
// number `rel_seq`), checksummed over the IPv4 pseudo-header.
std::vector<std::uint8_t> tcp_segment_bytes(const Segment& seg, std::uint32_t rel_seq);

// The 20-byte IPv4 header (no options) of a datagram carrying `payload_len` bytes, its
// header checksum filled in.
std::vector<std::uint8_t> ipv4_header_bytes(const Ipv4Header& ip, std::uint32_t payload_len);

// Ethernet II frame (type IPv4) carrying `ip` with `ip_payload`: the whole TCP segment, or
// one fragment's share of it.
std::vector<std::uint8_t> ethernet_frame(const MacAddress& dst, const MacAddress& src,
                                         const Ipv4Header& ip,
                                         std::span<const std::uint8_t> ip_payload);

}  // namespace synack
