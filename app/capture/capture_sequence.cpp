// What each segment is, as its own direction shows it: new data or a repeat (of which packet,
// and why: timeout, duplicate ACKs, SACK, a reply to a repeated SYN), a probe, a duplicate
// ACK, SACK and D-SACK blocks, a zero window; and where the sender did what synack's engine
// would not have done (the disagreements).
#include <algorithm>

#include "app/capture/capture_flow.hpp"

namespace synack {
namespace {

constexpr Micros kSynRto = 1 * kMicrosPerSec;        // RFC 6298 §2.1: the initial RTO
constexpr Micros kMinProbeWait = 10 * kMicrosPerMs;  // Linux's earliest tail-loss probe
constexpr std::uint32_t kInitialWindow = 10;         // RFC 6928

void disagree(PacketFacts& f, Why why, std::uint64_t a, std::int64_t b = 0) {
  if (f.disagreement.empty()) f.disagreement = {why, static_cast<std::uint32_t>(a), b};
}

void label(PacketFacts& f, Why why, std::uint64_t a = 0, std::int64_t b = 0) {
  f.label = {why, static_cast<std::uint32_t>(a), b};
}

std::uint32_t frame_of(const CaptureData& d, std::uint32_t packet) {
  return static_cast<std::uint32_t>(d.packets[packet].frame);
}

// The range holding `s`, or ranges.end().
std::vector<SentRange>::iterator range_at(FlowState& x, std::uint64_t s) {
  auto it = std::upper_bound(x.ranges.begin(), x.ranges.end(), s,
                             [](std::uint64_t v, const SentRange& r) { return v < r.seq; });
  if (it == x.ranges.begin()) return x.ranges.end();
  --it;
  return s < it->end ? it : x.ranges.end();
}

// Keeps the ranges list short: what the peer acknowledged long ago is dropped in bulk (a
// repeat of it then has no original to name, which Wireshark does not find either).
void prune_ranges(FlowState& x, std::uint64_t acked) {
  constexpr std::size_t kKeep = 4096;
  if (x.ranges.size() < 2 * kKeep) return;
  auto cut = std::lower_bound(x.ranges.begin(), x.ranges.end() - kKeep, acked,
                              [](const SentRange& r, std::uint64_t v) { return r.end <= v; });
  x.ranges.erase(x.ranges.begin(), cut);
}

void note_syn(PacketFacts& f, FlowState& x, const CapturedPacket& p) {
  if (x.syn && x.isn == p.seq) return;  // a repeat
  x.syn = true;
  x.isn = p.seq;
  x.mss = p.mss;
  x.wscale = p.wscale;
  x.sack_permitted = p.sack_permitted;
  x.timestamps = p.has_timestamp;
  x.snd_max = kSeqOrigin + p.seq;
  x.ranges.clear();
  x.holes.clear();
  if (!p.sack_permitted) {
    disagree(f, Why::capture_no_sack, 0);
  } else if (!p.has_timestamp) {
    disagree(f, Why::capture_no_timestamps, 0);
  } else if (p.wscale < 0) {
    disagree(f, Why::capture_no_window_scale, 0);
  }
}

// A repeat of data the capture saw before.
void label_repeat(CaptureData& d, ConvState& cs, std::uint32_t i, std::uint64_t s) {
  const CapturedPacket& p = d.packets[i];
  PacketFacts& f = d.facts[i];
  FlowState& x = cs.flow[p.dir];
  const FlowState& y = cs.flow[1 - p.dir];
  f.marks |= kMarkRepeat;
  auto r = range_at(x, s);
  if (r == x.ranges.end()) {
    f.marks |= kMarkRetransmission;
    label(f, Why::capture_rto_retransmit, 0, 0);
    return;
  }
  if (p.has(kSyn) && d.packets[r->first].has(kAck) != p.has(kAck)) {
    // A SYN,ACK after this side's own SYN (simultaneous open) repeats its ISN but is a new
    // segment: the first of its kind, not a retransmission.
    r->first = r->last = i;
    r->previous = kNoPacket;
    r->last_tx = r->timer_tx = p.t;
    return;
  }
  f.marks |= kMarkRetransmission;
  f.retransmit_of = r->first;
  const std::uint32_t original = frame_of(d, r->first);
  const Micros since_last = p.t - r->last_tx;
  if (p.has(kSyn)) {
    // Linux answers a repeated SYN with the SYN-ACK at once.
    const bool reply = p.has(kAck) && y.last_packet != kNoPacket &&
                       d.packets[y.last_packet].has(kSyn) &&
                       d.facts[y.last_packet].is(kMarkRetransmission) &&
                       (x.last_packet == kNoPacket || x.last_packet < y.last_packet) &&
                       p.t - d.packets[y.last_packet].t <= cs.window();
    if (reply) {
      label(f, Why::dup_syn_resend_synack);
      f.marks |= kMarkDupSynReply;
    } else {
      const Micros wait = p.t - r->timer_tx;
      label(f, Why::capture_rto_retransmit, original, wait);
      if (!p.has(kAck) && r->timeouts == 0 && wait < kSynRto * 9 / 10) {
        disagree(f, Why::capture_early_retransmit, kSynRto / kMicrosPerMs, wait);
      }
      r->timer_tx = p.t;
      ++r->timeouts;
    }
  } else if (y.dup_acks >= 3 && s == y.last_ack) {
    label(f, Why::capture_fast_retransmit, original, y.dup_acks);
  } else if (y.sack_seen && y.sack_high > s) {
    label(f, Why::capture_sack_retransmit, original);
  } else {
    label(f, Why::capture_rto_retransmit, original, since_last);
    const Micros earliest = std::max<Micros>(kMinProbeWait, cs.rtt > 0 ? 2 * cs.rtt : 0);
    if (since_last < earliest) {
      disagree(f, Why::capture_early_retransmit, static_cast<std::uint64_t>(earliest / 1000),
               since_last);
    } else if (r->timeouts >= 2 && since_last * 2 < r->prev_wait * 3) {
      // From the third timeout on (a tail-loss probe may come first, then the RTO).
      disagree(f, Why::capture_no_backoff, static_cast<std::uint64_t>(r->prev_wait / 1000),
               since_last);
    }
    r->prev_wait = since_last;
    ++r->timeouts;
  }
  r->previous = r->last;
  r->last = i;
  r->last_tx = p.t;
}

// New sequence space: in order, beyond a gap, or filling a gap seen earlier.
void label_new(CaptureData& d, ConvState& cs, std::uint32_t i, std::uint64_t s, std::uint64_t e) {
  const CapturedPacket& p = d.packets[i];
  PacketFacts& f = d.facts[i];
  FlowState& x = cs.flow[p.dir];
  FlowState& y = cs.flow[1 - p.dir];
  if (s > x.snd_max) {
    x.holes.emplace_back(x.snd_max, s);
    label(f, Why::capture_gap);
  }
  x.ranges.push_back({s, e, i, i, kNoPacket, p.t, p.t, 0, 0});
  x.snd_max = e;
  if (p.len == 0) return;
  if (y.edge_known && s + p.len > y.right_edge) {
    disagree(f, Why::capture_beyond_window, s + p.len - y.right_edge);
  }
  if (y.mss > 0 && p.len > y.mss) disagree(f, Why::capture_over_mss, p.len, y.mss);
  if (x.fin && s > x.fin_seq) disagree(f, Why::capture_data_after_fin, p.len);
  if (!x.flight_done && x.syn && y.syn) {
    const std::uint32_t mss = std::max<std::uint32_t>(y.mss, 1);
    x.flight_segments += y.mss > 0 ? (p.len + mss - 1) / mss : 1;
    x.flight_bytes += p.len;
    x.flight_last = i;
  }
}

void close_flight(CaptureData& d, FlowState& x) {
  if (x.flight_done || x.flight_segments == 0) return;
  x.flight_done = true;
  if (x.flight_segments > kInitialWindow) {
    disagree(d.facts[x.flight_last], Why::capture_initial_window, x.flight_segments,
             x.flight_bytes);
  }
}

// A D-SACK for the peer's data: if it names a range whose earlier copy we called lost
// because it was sent again, that copy arrived after all and the repeat was not needed.
void note_dsack(CaptureData& d, FlowState& y, std::uint64_t left, std::uint64_t right) {
  auto r = range_at(y, left);
  if (r == y.ranges.end() || r->previous == kNoPacket || r->seq != left || r->end != right) {
    return;
  }
  PacketFacts& before = d.facts[r->previous];
  if (before.lost.why != Why::capture_lost_retransmitted) return;
  before.lost = {};
  before.marks &= static_cast<std::uint16_t>(~kMarkLost);
  before.slot = r->previous;
  label(d.facts[r->last], Why::capture_spurious_retransmit, frame_of(d, r->first));
}

// What this segment's ACK field, window and SACK blocks say about the peer's data.
void label_ack(CaptureData& d, ConvState& cs, std::uint32_t i, bool probe) {
  const CapturedPacket& p = d.packets[i];
  PacketFacts& f = d.facts[i];
  FlowState& x = cs.flow[p.dir];
  FlowState& y = cs.flow[1 - p.dir];
  const std::uint64_t a = y.unwrap(p.ack);
  const bool pure = p.len == 0 && !p.has(kSyn) && !p.has(kFin) && !p.has(kRst);
  bool dup = false;
  if (!x.ack_seen || a > x.last_ack) {
    x.dup_acks = 0;
    if (y.syn && a > y.unwrap(y.isn + 1)) close_flight(d, y);
    if (a >= x.sack_high) x.sack_seen = false;
    prune_ranges(y, a);
  } else if (a == x.last_ack && pure && !probe) {
    if (p.win == x.last_win && y.snd_max > a) {
      dup = true;
      ++x.dup_acks;
      f.marks |= kMarkDupAck;
      label(f, Why::dup_ack_received, x.dup_acks);
    } else if (x.last_win == 0 && p.win > 0) {
      const int scale = std::max(cs.scale(p.dir), 0);
      label(f, Why::capture_window_open, std::uint64_t{p.win} << scale);
    }
  }
  if (p.sack_count > 0) {
    const SackBlock* b = d.sacks.data() + p.sack_at;
    const std::uint64_t l0 = y.unwrap(b[0].left), r0 = y.unwrap(b[0].right);
    bool dsack = r0 <= a;
    if (!dsack && p.sack_count >= 2) {
      dsack = l0 >= y.unwrap(b[1].left) && r0 <= y.unwrap(b[1].right);
    }
    if (dsack) {
      label(f, Why::dsack_sent);
      note_dsack(d, y, l0, r0);
    } else if (!dup) {
      label(f, Why::capture_sack_blocks, p.sack_count);
    }
    for (std::uint8_t k = dsack ? 1 : 0; k < p.sack_count; ++k) {
      const std::uint64_t right = y.unwrap(b[k].right);
      if (right > a) {
        x.sack_seen = true;
        x.sack_high = std::max(x.sack_high, right);
      }
    }
  }
  if (!p.has(kRst)) {
    x.zero_window = p.win == 0 && !p.has(kSyn);
    if (x.zero_window && (f.label.empty() || dup)) label(f, Why::capture_zero_window);
    const int scale = cs.scale(p.dir);
    if (scale >= 0) {
      const std::uint64_t edge = a + (std::uint64_t{p.win} << (p.has(kSyn) ? 0 : scale));
      const std::uint64_t slack = std::uint64_t{1} << scale;
      if (x.edge_known && edge + slack <= x.right_edge && !p.has(kSyn)) {
        disagree(f, Why::capture_window_shrunk, x.right_edge - edge);
      }
      x.right_edge = edge;
      x.edge_known = true;
    }
  }
  x.ack_seen = true;
  x.last_ack = std::max(x.last_ack, a);
  x.last_win = p.win;
}

}  // namespace

void label_packet(CaptureData& d, ConvState& cs, std::uint32_t i) {
  const CapturedPacket& p = d.packets[i];
  PacketFacts& f = d.facts[i];
  FlowState& x = cs.flow[p.dir];
  FlowState& y = cs.flow[1 - p.dir];
  if (p.has(kSyn)) note_syn(f, x, p);
  if (!x.seen) {
    x.seen = true;
    if (!x.syn) x.snd_max = kSeqOrigin + p.seq;
  }
  const std::uint64_t s = x.unwrap(p.seq);
  const std::uint64_t e = s + p.seq_space();
  const bool rst = p.has(kRst);
  // A probe: nothing new, one sequence number back, the peer has acknowledged everything.
  const bool old_probe = !rst && !p.has(kSyn) && !p.has(kFin) && p.has(kAck) && p.len <= 1 &&
                         s + 1 == x.snd_max && y.ack_seen && y.last_ack == x.snd_max;
  const bool new_byte_probe = !rst && p.len == 1 && y.zero_window && s == x.snd_max;
  const bool probe = old_probe || new_byte_probe;
  if (probe) {
    ++x.probes;
    if (y.zero_window) {
      f.marks |= kMarkWindowProbe;
      label(f, Why::capture_window_probe, x.probes);
    } else {
      f.marks |= kMarkKeepalive;
      label(f, Why::keepalive_probe, x.probes);
    }
    if (new_byte_probe) x.snd_max = e;
  } else if (rst) {
    if (x.probes > 0) label(f, Why::rst_keepalive_dead, x.probes);
  } else if (e > s) {
    if (s >= x.snd_max) {
      label_new(d, cs, i, s, e);
    } else {
      auto hole = std::find_if(x.holes.begin(), x.holes.end(),
                               [s](const auto& h) { return s >= h.first && s < h.second; });
      if (hole != x.holes.end()) {
        label(f, Why::capture_reordered);
        if (e >= hole->second) {
          hole->second = s;
        } else if (s == hole->first) {
          hole->first = e;
        }
        if (hole->first >= hole->second) x.holes.erase(hole);
        auto at = std::upper_bound(x.ranges.begin(), x.ranges.end(), s,
                                   [](std::uint64_t v, const SentRange& r) { return v < r.seq; });
        x.ranges.insert(at, {s, e, i, i, kNoPacket, p.t, p.t, 0, 0});
      } else {
        label_repeat(d, cs, i, s);
      }
    }
  }
  if (p.has(kFin) && !x.fin) {
    x.fin = true;
    x.fin_seq = e - 1;
  }
  // The peer's probes are answered by whatever this side sends.
  if (y.probes > 0 && !rst && f.label.empty() && d.facts[y.last_packet].is(kMarkKeepalive)) {
    label(f, Why::keepalive_reply);
  }
  y.probes = 0;
  if (p.has(kAck) && y.seen) label_ack(d, cs, i, probe);
  x.last_packet = i;
}

void finish_labels(CaptureData& d, ConvState& cs) {
  close_flight(d, cs.flow[0]);
  close_flight(d, cs.flow[1]);
}

}  // namespace synack
