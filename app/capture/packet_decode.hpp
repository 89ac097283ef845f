#pragma once
// One captured frame decoded down to its TCP header: the link layer (Ethernet with VLAN
// tags, Linux cooked v1 and v2, BSD loopback, raw IP), IPv4 or IPv6, TCP and its options.
// Every read is checked against the captured bytes: captures are untrusted input (and this
// is the fuzzers' entry point below the file reader). Payload bytes are never needed, only
// their count, which comes from the IP header, so short snap lengths are fine.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

#include "engine/segment.hpp"

namespace synack {

struct IpAddr {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first four, network order
  bool v6 = false;
  bool operator==(const IpAddr&) const = default;
  auto operator<=>(const IpAddr&) const = default;
};
std::string ip_to_string(const IpAddr& a);  // "10.0.0.1", "2001:db8::1"
// IPv4 in host byte order (the engine's Addr); 0 for IPv6.
Addr ipv4_of(const IpAddr& a);

struct TcpHeader {
  IpAddr src, dst;
  std::uint16_t sport = 0, dport = 0;
  std::uint32_t seq = 0, ack = 0;
  std::uint32_t len = 0;  // payload bytes, from the IP lengths
  std::uint16_t win = 0;
  std::uint8_t flags = 0;  // TcpFlag bits (FIN..URG)
  TcpOptions opt;
};

enum class Decoded : std::uint8_t {
  tcp,          // `out` holds a whole segment
  not_tcp,      // another protocol: skipped
  unsupported,  // a link type or IP feature not read (IPv6 fragments, ...)
  truncated,    // the headers go past the captured bytes
  malformed,    // a header contradicts itself (lengths, version)
  fragment,     // an IPv4 fragment, held until its datagram is whole
};

// Fragments of IPv4 datagrams that carry TCP, held until every piece has come. Only the
// first fragment's TCP header and the byte counts are kept, never the bytes. Bounded: the
// oldest partial datagrams are forgotten when too many are open.
class FragmentTable {
 public:
  // Adds one fragment; true (and `out` set) when it completes its datagram.
  bool add(const IpAddr& src, const IpAddr& dst, std::uint16_t id, std::uint32_t offset,
           std::uint32_t bytes, bool more, const TcpHeader* first, std::uint32_t tcp_header_len,
           TcpHeader& out);
  std::size_t open() const { return partial_.size(); }
  std::uint64_t reassembled() const { return reassembled_; }

 private:
  struct Key {
    IpAddr src, dst;
    std::uint16_t id;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  struct Partial {
    TcpHeader header;
    std::uint32_t header_len = 0;
    std::uint32_t covered = 0;
    std::uint32_t total = 0;  // known once the last fragment has come
    std::uint64_t order = 0;
    bool have_first = false, have_last = false;
  };
  std::unordered_map<Key, Partial, KeyHash> partial_;
  std::uint64_t counter_ = 0;
  std::uint64_t reassembled_ = 0;
};

// Decodes one frame of the given link type (a DLT_ value). `wire_len` is the frame's length
// on the wire (the pcap record's len), used when an IP length field is 0 (segmentation
// offload). Options beyond what TcpOptions holds are skipped; a broken option list keeps
// what was read before the break.
Decoded decode_frame(int link_type, std::span<const std::uint8_t> frame, std::uint32_t wire_len,
                     TcpHeader& out, FragmentTable& fragments);

// Whether decode_frame reads this link type at all.
bool link_type_supported(int link_type);
std::string link_type_name(int link_type);

// TCP options from their bytes (after the 20-byte header).
void parse_tcp_options(std::span<const std::uint8_t> bytes, TcpOptions& opt);

}  // namespace synack
