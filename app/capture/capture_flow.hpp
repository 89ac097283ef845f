#pragma once
// The analysis's view of one conversation while it walks the packets in order (app/capture's
// own header, shared by capture_sequence.cpp and capture_fates.cpp): for each direction,
// the sender's sequence space as the capture saw it and the ACKs it sent about the other
// direction; and which of its segments are still in flight, waiting for evidence that they
// arrived (the peer acknowledged or answered them) or did not (the peer acts as if they
// never came, or the sender sent them again).
//
// Sequence numbers are unwrapped to 64 bits, relative to the highest one sent, so flows of
// more than 4 GiB and numbers around 2^32 compare correctly.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "app/capture/capture_data.hpp"

namespace synack {

inline constexpr std::uint64_t kSeqOrigin = std::uint64_t{1} << 32;

struct SentRange {
  std::uint64_t seq = 0, end = 0;
  std::uint32_t first = 0;             // packet that first carried it
  std::uint32_t last = 0;              // the latest copy
  std::uint32_t previous = kNoPacket;  // the copy before the latest
  Micros last_tx = 0;                  // when the latest copy left
  Micros timer_tx = 0;                 // the latest copy sent by a timer (not a reply)
  Micros prev_wait = 0;                // the wait before the latest timeout retransmission
  std::uint16_t timeouts = 0;
};

struct InFlight {
  std::uint64_t seq = 0, end = 0;
  std::uint32_t packet = 0;
  bool done = false;  // its fate is known (it left the queue out of order)
};

struct FlowState {
  // The sender's sequence space.
  bool seen = false;
  bool syn = false;
  std::uint32_t isn = 0;
  std::uint64_t snd_max = 0;  // one past the highest sequence number seen sent
  bool fin = false;
  std::uint64_t fin_seq = 0;
  // Options from its SYN.
  std::uint16_t mss = 0;
  std::int8_t wscale = -1;
  bool sack_permitted = false;
  bool timestamps = false;
  // The ACKs it sends, about the other direction's data (numbers in the other's space).
  bool ack_seen = false;
  std::uint64_t last_ack = 0;
  std::uint16_t last_win = 0;
  std::uint32_t dup_acks = 0;
  bool edge_known = false;
  std::uint64_t right_edge = 0;  // the window it offers ends here
  bool zero_window = false;
  bool sack_seen = false;
  std::uint64_t sack_high = 0;  // right edge of its highest SACK block
  std::uint32_t probes = 0;     // probes sent since the peer last sent anything
  std::uint32_t last_packet = kNoPacket;
  // What it sent: ranges in sequence order, and the gaps in them never seen.
  std::vector<SentRange> ranges;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> holes;
  // Its first round trip of data, for the initial window.
  std::uint32_t flight_segments = 0;
  std::uint32_t flight_bytes = 0;
  std::uint32_t flight_last = kNoPacket;
  bool flight_done = false;
  // Its segments still in flight: sequence-space ones by (end, packet), the rest in order.
  std::vector<InFlight> pend_seq;
  std::size_t pend_seq_head = 0;
  std::vector<std::uint32_t> pend_pure;
  std::size_t pend_pure_head = 0;
  // Crossings seen: what it sent from packet `from` on arrives after packet `at` (both
  // increasing along the list; only the latest few are kept).
  struct Hold {
    std::uint32_t from, at;
  };
  std::vector<Hold> holds;
  std::uint32_t probe = kNoPacket;
  std::uint32_t unanswered_probes = 0;

  void hold(std::uint32_t from, std::uint32_t at) {
    while (!holds.empty() && holds.back().from >= from) holds.pop_back();
    holds.push_back({from, at});
    if (holds.size() > 64) holds.erase(holds.begin());
  }
  // The packet it must arrive after, by the crossings seen (0: none).
  std::uint32_t held(std::uint32_t packet) const {
    auto it = std::upper_bound(holds.begin(), holds.end(), packet,
                               [](std::uint32_t v, const Hold& h) { return v < h.from; });
    return it == holds.begin() ? 0 : std::prev(it)->at;
  }

  std::uint64_t unwrap(std::uint32_t s) const {
    const auto d = static_cast<std::int32_t>(s - static_cast<std::uint32_t>(snd_max));
    return snd_max + static_cast<std::uint64_t>(static_cast<std::int64_t>(d));
  }
};

struct ConvState {
  FlowState flow[2];
  Micros rtt = -1;  // shortest round trip seen from the capture point

  // How long a segment may still be in flight when the peer sends something that shows
  // it has not arrived: longer than that, and it is taken as lost.
  Micros window() const {
    return rtt < 0 ? 200 * kMicrosPerMs : std::max<Micros>(2 * rtt, kMicrosPerMs);
  }
  // The window scale of flow `dir`'s ACKs: -1 while unknown (no handshake seen).
  int scale(int dir) const {
    const FlowState& a = flow[0];
    const FlowState& b = flow[1];
    if (!a.syn || !b.syn) return -1;
    if (a.wscale < 0 || b.wscale < 0) return 0;
    return flow[dir].wscale;
  }
};

// Both, over every packet in capture order: fills d.facts (capture_fates.cpp).
// `threads` 0: as many as the machine has, once the capture is large enough to gain.
void analyze_capture(CaptureData& d, unsigned threads = 0);
// Labels, retransmissions and disagreements (capture_sequence.cpp).
void label_packet(CaptureData& d, ConvState& cs, std::uint32_t i);
void finish_labels(CaptureData& d, ConvState& cs);
// Whether each segment arrived, and after which packet (capture_fates.cpp).
void fate_packet(CaptureData& d, ConvState& cs, std::uint32_t i);
void finish_fates(CaptureData& d, ConvState& cs);

}  // namespace synack
