#pragma once
// What the importer keeps of a capture between its steps (app/capture's own header): every
// TCP segment read, packed; its conversation; and, after the analysis, what each segment
// was (its label), whether it arrived and when. Plain vectors indexed by packet, so the
// steps never allocate per packet.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "app/capture/packet_decode.hpp"
#include "engine/huge_page_allocator.hpp"
#include "engine/reason.hpp"
#include "engine/time.hpp"

namespace synack {

inline constexpr std::uint32_t kNoPacket = std::numeric_limits<std::uint32_t>::max();

// One TCP segment of the capture.
struct CapturedPacket {
  Micros t = 0;             // since the capture's first frame
  std::uint64_t frame = 0;  // 1-based frame number in the file
  std::uint32_t conv = 0;   // index into CaptureData::conversations
  std::uint32_t seq = 0, ack = 0, len = 0;
  std::uint32_t ts_val = 0, ts_ecr = 0;
  std::uint32_t sack_at = 0;  // first of its SACK blocks in CaptureData::sacks
  std::uint16_t win = 0;
  std::uint16_t mss = 0;    // 0: absent
  std::int8_t wscale = -1;  // -1: absent
  std::uint8_t flags = 0;
  std::uint8_t dir = 0;  // 0: sent by the conversation's side a, 1: by side b
  std::uint8_t sack_count = 0;
  bool sack_permitted = false;
  bool has_timestamp = false;

  bool has(std::uint8_t f) const { return (flags & f) != 0; }
  std::uint32_t seq_space() const { return len + (has(kSyn) ? 1 : 0) + (has(kFin) ? 1 : 0); }
};

struct Endpoint {
  IpAddr addr;
  std::uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};
std::string endpoint_to_string(const Endpoint& e);  // "10.0.0.1:80", "[2001:db8::1]:443"

struct ConversationRecord {
  std::uint32_t stream = 0;  // Wireshark's tcp.stream: numbered in order of first packet
  Endpoint a, b;             // a sent the conversation's first packet seen
  std::uint32_t first = kNoPacket, last = kNoPacket;  // packet indices
  std::uint32_t packets = 0;
  std::uint64_t bytes[2] = {0, 0};  // payload bytes sent by a, by b
  // Relative sequence numbers count from the first one seen each way (the SYN's, if the
  // capture has it), as Wireshark's do.
  std::uint32_t base[2] = {0, 0};
  bool based[2] = {false, false};
};

// A reason as the analysis stores it, smaller than Reason.
struct Label {
  Why why = Why::none;
  std::uint32_t a = 0;
  std::int64_t b = 0;
  Reason full() const { return {why, a, b}; }
  bool empty() const { return why == Why::none; }
};

enum PacketMark : std::uint16_t {
  kMarkRetransmission = 1,
  kMarkKeepalive = 2,    // a keepalive probe
  kMarkWindowProbe = 4,  // a zero-window probe
  kMarkDupAck = 8,
  kMarkAnsweredSynAck = 16,   // a SYN the peer answered with SYN-ACK
  kMarkAnsweredRst = 32,      // answered with RST,ACK
  kMarkAnsweredBareRst = 64,  // answered with a RST without ACK: the peer had no connection
  kMarkLost = 128,
  kMarkDupSynReply = 256,  // a SYN-ACK sent again at once for a repeated SYN
  kMarkRepeat = 512,       // carries sequence numbers this side sent before
};

// What the analysis found out about one packet.
struct PacketFacts {
  Label label;                     // why it was sent, as far as its own flow shows; empty: by state
  Label disagreement;              // is_disagreement(why) when set
  Label lost;                      // set when it never arrived: why we think so
  std::uint32_t slot = kNoPacket;  // arrives right after this packet is sent
  std::uint32_t retransmit_of = kNoPacket;  // the first packet with the same bytes
  std::uint16_t marks = 0;
  bool is(PacketMark m) const { return (marks & m) != 0; }
};

struct CaptureData {
  std::string name;
  int link_type = 0;
  Micros t0 = 0;  // the first frame's time since the epoch
  BigVector<CapturedPacket> packets;
  std::vector<SackBlock> sacks;
  std::vector<ConversationRecord> conversations;
  BigVector<PacketFacts> facts;  // filled by analyze_capture()
};

}  // namespace synack
