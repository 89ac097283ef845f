#pragma once
// IPv4 fragmentation (RFC 791 §2.3, §3.2) and reassembly (RFC 815), for the counterfactual
// in which TCP ignores the MSS and leaves it to IP to make its segments fit the MTU.

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "segment.hpp"
#include "time.hpp"

namespace synack {

inline constexpr std::uint32_t kIpHeader = 20;      // IPv4 without options
inline constexpr std::uint32_t kDefaultMtu = 1500;  // Ethernet
inline constexpr std::uint32_t kMaxIpDatagram = 65535;

// One fragment of an IP datagram; `count` 0 means the datagram was not fragmented.
struct IpFragment {
  std::uint16_t id = 0;      // IP identification, shared by the fragments of one datagram
  std::uint16_t index = 0;   // 0-based position (not in the header: for the trace)
  std::uint16_t count = 0;   // fragments of the datagram (not in the header either)
  std::uint32_t offset = 0;  // bytes into the datagram's payload (the header counts 8-byte units)
  std::uint32_t len = 0;     // payload bytes this fragment carries
  bool more = false;         // MF: more fragments follow

  bool fragmented() const { return count > 0; }
  bool operator==(const IpFragment&) const = default;
};

// Bytes of TCP header: 20 plus the options, padded to a multiple of 4 as Linux pads them.
std::uint32_t tcp_header_len(const Segment& seg);

// How IP cuts `payload` bytes (TCP header + data) to fit `mtu`: every fragment but the last
// carries a multiple of 8 bytes. Empty when the datagram fits whole.
std::vector<IpFragment> fragment_datagram(std::uint32_t payload, std::uint32_t mtu,
                                          std::uint16_t id);

// Partial datagrams of one host, keyed by (source, destination, IP id). A datagram goes up
// to TCP only when every byte of it has arrived; IP never asks for a missing fragment.
class Reassembly {
 public:
  struct Key {
    Addr src = 0;
    Addr dst = 0;
    std::uint16_t id = 0;
    auto operator<=>(const Key&) const = default;
  };
  enum class Result : std::uint8_t { first, held, duplicate, complete };

  // `first`: a new partial datagram (its timer starts now); `complete`: the last missing
  // piece, the datagram is whole and forgotten here.
  Result add(const Key& key, const IpFragment& f);
  // Throws a partial datagram away (its reassembly timer expired); the fragments it held,
  // or nullopt if it was completed meanwhile.
  std::optional<int> discard(const Key& key);
  std::uint32_t bytes_held(const Key& key) const;
  std::size_t partial_count() const { return partial_.size(); }

 private:
  struct Partial {
    std::map<std::uint32_t, std::uint32_t> pieces;  // offset → length, as they arrived
    std::uint32_t total = 0;                        // known once the last fragment is here
    int fragments = 0;
  };
  std::map<Key, Partial> partial_;
};

}  // namespace synack
