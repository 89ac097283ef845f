#pragma once
// A TCP segment as the engine sees it: header fields and options, plus a payload
// *length* (the engine moves byte counts, never bytes).

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace synack {

enum TcpFlag : std::uint8_t {
  kFin = 0x01,
  kSyn = 0x02,
  kRst = 0x04,
  kPsh = 0x08,
  kAck = 0x10,
  kUrg = 0x20,
};

using Addr = std::uint32_t;  // IPv4 address, host byte order

struct SockAddr {
  Addr addr = 0;
  std::uint16_t port = 0;
  auto operator<=>(const SockAddr&) const = default;
};

// Hash of a direction (source, destination), for maps keyed by one.
struct SockAddrPairHash {
  std::size_t operator()(const std::pair<SockAddr, SockAddr>& k) const;
};

struct SackBlock {
  std::uint32_t left = 0;   // first sequence number of the block
  std::uint32_t right = 0;  // one past the last
  bool operator==(const SackBlock&) const = default;
};

struct TcpOptions {
  std::uint16_t mss = 0;    // 0: option absent
  std::int8_t wscale = -1;  // -1: option absent
  bool sack_permitted = false;
  bool has_timestamp = false;
  std::uint32_t ts_val = 0;
  std::uint32_t ts_ecr = 0;
  std::uint8_t sack_count = 0;  // SACK blocks in use; with timestamps at most 3 fit (RFC 2018)
  std::array<SackBlock, 4> sack{};
  bool operator==(const TcpOptions&) const = default;
};

struct Segment {
  SockAddr src;
  SockAddr dst;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t win = 0;  // raw header field (unscaled)
  std::uint32_t len = 0;  // payload bytes
  TcpOptions opt;

  bool operator==(const Segment&) const = default;
  bool has(std::uint8_t f) const { return (flags & f) != 0; }
  // Sequence space the segment occupies: payload plus one each for SYN and FIN.
  std::uint32_t seq_space() const { return len + (has(kSyn) ? 1 : 0) + (has(kFin) ? 1 : 0); }
};

// Modular sequence-number comparison (RFC 9293 §3.4).
constexpr bool seq_lt(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) < 0;
}
constexpr bool seq_le(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) <= 0;
}
constexpr bool seq_gt(std::uint32_t a, std::uint32_t b) {
  return seq_lt(b, a);
}
constexpr bool seq_ge(std::uint32_t a, std::uint32_t b) {
  return seq_le(b, a);
}

// "SYN,ACK": flags in the fixed order SYN,ACK,FIN,RST,PSH,URG; "" when none.
std::string flags_to_string(std::uint8_t flags);
// Comma-separated names in any order, case-insensitive ("ack,syn"). nullopt if any name is unknown.
std::optional<std::uint8_t> flags_from_string(std::string_view text);
// tcpdump-like option list: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7". SACK edges are
// printed relative to `sack_base` (the receiver's view of the sender's ISN).
std::string options_to_string(const TcpOptions& opt, std::uint32_t sack_base = 0);

std::string addr_to_string(Addr addr);
std::optional<Addr> addr_from_string(std::string_view text);
std::string sockaddr_to_string(SockAddr sa);

}  // namespace synack
