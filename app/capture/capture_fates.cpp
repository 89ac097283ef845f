// Whether each segment arrived, and when, from one capture point. A segment is taken to
// arrive just after the capture saw it leave, unless the receiver's own segments say
// otherwise: a segment the receiver sent later that does not acknowledge it (or a bare SYN
// that shows no SYN came) means it was still on its way (crossing, if little time passed)
// or lost (if more than a round trip did); the sender sending it again before anything
// acknowledged it means it was lost. Segments that need an answer and get none (a SYN, a
// probe) are lost, or dropped by the receiver: one capture point cannot tell which.
#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "app/capture/capture_flow.hpp"

namespace synack {
namespace {

void lose(CaptureData& d, std::uint32_t packet, Why why, std::uint32_t a = 0, Micros b = 0) {
  PacketFacts& f = d.facts[packet];
  f.lost = {why, a, b};
  f.marks |= kMarkLost;
  f.slot = kNoPacket;
}

// It arrived, after whatever crossings its direction saw say it came after.
void arrive(CaptureData& d, const FlowState& from, std::uint32_t packet) {
  PacketFacts& f = d.facts[packet];
  f.slot = std::max(packet, from.held(packet));
}

// The receiver's packet `at` shows `packet` had not arrived when it was sent.
// Returns true when that settles it as lost.
bool contradicted(CaptureData& d, ConvState& cs, FlowState& from, std::uint32_t packet,
                  std::uint32_t at) {
  const Micros late = d.packets[at].t - d.packets[packet].t;
  if (late <= cs.window()) {
    from.hold(packet, at);  // crossing: it, and what followed it, arrive after `at`
    return false;
  }
  lose(d, packet, Why::capture_lost_ignored, 0, late);
  return true;
}

void skip_done(FlowState& y) {
  while (y.pend_seq_head < y.pend_seq.size() && y.pend_seq[y.pend_seq_head].done) {
    ++y.pend_seq_head;
  }
  if (y.pend_seq_head > 64 && y.pend_seq_head * 2 > y.pend_seq.size()) {
    y.pend_seq.erase(y.pend_seq.begin(),
                     y.pend_seq.begin() + static_cast<std::ptrdiff_t>(y.pend_seq_head));
    y.pend_seq_head = 0;
  }
}

void confirm(CaptureData& d, ConvState& cs, FlowState& y, InFlight& q, std::uint32_t at) {
  q.done = true;
  arrive(d, y, q.packet);
  const PacketFacts& f = d.facts[q.packet];
  if (!f.is(kMarkRetransmission) && !f.is(kMarkKeepalive) && !f.is(kMarkWindowProbe)) {
    const Micros sample = d.packets[at].t - d.packets[q.packet].t;
    if (cs.rtt < 0 || sample < cs.rtt) cs.rtt = std::max<Micros>(sample, 1);
  }
}

// x sends again sequence numbers that y's segments acknowledged: those had not arrived.
void repeated_by_x(CaptureData& d, ConvState& cs, std::uint32_t i) {
  const CapturedPacket& p = d.packets[i];
  FlowState& x = cs.flow[p.dir];
  FlowState& y = cs.flow[1 - p.dir];
  const std::uint64_t s = x.unwrap(p.seq);
  auto acked_past = [&](std::uint32_t q) {
    return d.packets[q].has(kAck) && x.unwrap(d.packets[q].ack) > s;
  };
  for (std::size_t k = y.pend_pure.size(); k-- > y.pend_pure_head;) {
    const std::uint32_t q = y.pend_pure[k];
    if (q == kNoPacket) continue;
    if (!acked_past(q)) break;
    if (contradicted(d, cs, y, q, i)) y.pend_pure[k] = kNoPacket;
  }
  std::size_t checked = 0;
  for (std::size_t k = y.pend_seq.size(); k-- > y.pend_seq_head && checked < 256; ++checked) {
    InFlight& q = y.pend_seq[k];
    if (!q.done && acked_past(q.packet) && contradicted(d, cs, y, q.packet, i)) q.done = true;
  }
}

// What packet `i` (from x) shows about y's segments on their way to x.
void evidence(CaptureData& d, ConvState& cs, std::uint32_t i) {
  const CapturedPacket& p = d.packets[i];
  const PacketFacts& f = d.facts[i];
  FlowState& y = cs.flow[1 - p.dir];
  if (y.probe != kNoPacket) {  // anything from x answers y's probe
    arrive(d, y, y.probe);
    y.probe = kNoPacket;
  }
  y.unanswered_probes = 0;
  if (p.has(kAck) && y.seen) {
    const std::uint64_t a = y.unwrap(p.ack);
    skip_done(y);
    while (y.pend_seq_head < y.pend_seq.size()) {
      InFlight& q = y.pend_seq[y.pend_seq_head];
      if (!q.done) {
        if (q.end > a) break;
        confirm(d, cs, y, q, i);
        PacketFacts& qf = d.facts[q.packet];
        if (d.packets[q.packet].has(kSyn)) {
          if (p.has(kSyn)) qf.marks |= kMarkAnsweredSynAck;
          if (p.has(kRst)) qf.marks |= kMarkAnsweredRst;
        }
      }
      ++y.pend_seq_head;
    }
    // SACK blocks: what they cover arrived, out of order.
    for (std::uint8_t k = 0; k < p.sack_count; ++k) {
      const SackBlock& b = d.sacks[p.sack_at + k];
      const std::uint64_t left = y.unwrap(b.left), right = y.unwrap(b.right);
      if (right <= a) continue;
      auto first = std::lower_bound(
          y.pend_seq.begin() + static_cast<std::ptrdiff_t>(y.pend_seq_head), y.pend_seq.end(), left,
          [](const InFlight& q, std::uint64_t v) { return q.end <= v; });
      for (auto it = first; it != y.pend_seq.end() && it->end <= right; ++it) {
        if (!it->done && it->seq >= left) confirm(d, cs, y, *it, i);
      }
    }
    skip_done(y);
    // The next segment x expects, not acknowledged: not there yet, or lost.
    if (y.pend_seq_head < y.pend_seq.size()) {
      InFlight& q = y.pend_seq[y.pend_seq_head];
      if (q.seq <= a && a < q.end && !p.has(kRst) && contradicted(d, cs, y, q.packet, i)) {
        q.done = true;
      }
    }
  }
  const bool bare_syn = (p.flags & (kSyn | kAck | kRst)) == kSyn;
  if (bare_syn) {  // x has not seen y's SYN
    for (std::size_t k = y.pend_seq_head; k < y.pend_seq.size() && k < y.pend_seq_head + 8; ++k) {
      InFlight& q = y.pend_seq[k];
      if (!q.done && d.packets[q.packet].has(kSyn) && contradicted(d, cs, y, q.packet, i)) {
        q.done = true;
      }
    }
  }
  if (p.has(kRst) && !p.has(kAck)) {
    // A bare RST answers y's latest segment that acknowledged p.seq: x has no connection.
    std::size_t pure_at = y.pend_pure.size(), seq_at = y.pend_seq.size();
    for (std::size_t k = y.pend_pure.size(); k-- > y.pend_pure_head;) {
      const std::uint32_t q = y.pend_pure[k];
      if (q != kNoPacket && d.packets[q].has(kAck) && d.packets[q].ack == p.seq) {
        pure_at = k;
        break;
      }
    }
    for (std::size_t k = y.pend_seq_head; k < y.pend_seq.size(); ++k) {
      const InFlight& q = y.pend_seq[k];
      if (q.done || !d.packets[q.packet].has(kAck) || d.packets[q.packet].ack != p.seq) continue;
      if (seq_at == y.pend_seq.size() || q.packet > y.pend_seq[seq_at].packet) seq_at = k;
    }
    const bool pure_found = pure_at < y.pend_pure.size();
    const bool seq_found = seq_at < y.pend_seq.size();
    if (seq_found && (!pure_found || y.pend_seq[seq_at].packet > y.pend_pure[pure_at])) {
      InFlight& q = y.pend_seq[seq_at];
      q.done = true;
      arrive(d, y, q.packet);
      d.facts[q.packet].marks |= kMarkAnsweredBareRst;
    } else if (pure_found) {
      arrive(d, y, y.pend_pure[pure_at]);
      d.facts[y.pend_pure[pure_at]].marks |= kMarkAnsweredBareRst;
      y.pend_pure[pure_at] = kNoPacket;
    }
    // x's timer would have sent its last segment again had no ACK of it arrived, unless x
    // had used up its retries: so the latest ACK of it, after x's last copy, arrived, and x
    // ended later without a segment. A FIN: an orphan gives up after 8 retries by default
    // (tcp_orphan_retries = 0), then FIN_WAIT_2 times out. A SYN-ACK never sent again: even
    // tcp_synack_retries = 1 would have repeated it, so the connection was made (and lost
    // later, a reboot). Data or a repeated SYN-ACK: no such certainty. Either only once x's
    // silence is longer than its timer.
    const FlowState& x = cs.flow[p.dir];
    auto retries_left = [&](const SentRange& r) {
      // Long enough that its timer would have fired: the SYN-ACK's first timeout is 1 s, and
      // a FIN's next one at least twice the last wait.
      constexpr Micros kSynAckTimeout = 1'000'000;
      if (p.t - r.last_tx <= std::max(kSynAckTimeout, 2 * r.prev_wait)) return false;
      const CapturedPacket& first = d.packets[r.first];
      if (first.has(kSyn)) return first.has(kAck) && r.timeouts == 0;
      constexpr std::uint16_t kOrphanRetries = 8;
      return x.fin && r.end == x.fin_seq + 1 && r.timeouts < kOrphanRetries;
    };
    if (!x.ranges.empty() && x.ranges.back().end == x.snd_max && retries_left(x.ranges.back())) {
      const Micros last_copy = x.ranges.back().last_tx;
      for (std::size_t k = y.pend_pure.size(); k-- > y.pend_pure_head;) {
        const std::uint32_t q = y.pend_pure[k];
        if (q == kNoPacket || d.packets[q].t <= last_copy) continue;
        if (p.t - d.packets[q].t <= cs.window()) continue;  // the RST may answer it
        if (!d.packets[q].has(kAck) || x.unwrap(d.packets[q].ack) < x.snd_max) continue;
        // ... and y was not left repeating itself to a silent x since (a SYN cookie's
        // SYN-ACK is never repeated either, and its lost ACK makes no connection).
        bool y_repeated = false;
        std::size_t looked = 0;  // the latest ranges; a bulk flow has many
        for (auto r = y.ranges.rbegin(); r != y.ranges.rend() && looked < 256; ++r, ++looked) {
          if (r->last_tx > d.packets[q].t && r->timeouts > 0) y_repeated = true;
        }
        if (!y_repeated) {
          arrive(d, y, q);
          y.pend_pure[k] = kNoPacket;
        }
        break;
      }
    }
    // Other ACKs of y's that came long before did not make a connection here: lost.
    for (std::size_t k = y.pend_pure_head; k < y.pend_pure.size(); ++k) {
      const std::uint32_t q = y.pend_pure[k];
      if (q != kNoPacket && d.packets[q].has(kAck) && p.t - d.packets[q].t > cs.window()) {
        lose(d, q, Why::capture_lost_ignored, 0, p.t - d.packets[q].t);
        y.pend_pure[k] = kNoPacket;
      }
    }
  }
  if (!f.is(kMarkRepeat) && !p.has(kRst)) {
    // x carries on as usual: y's plain segments from longer than a round trip ago arrived.
    while (y.pend_pure_head < y.pend_pure.size()) {
      const std::uint32_t q = y.pend_pure[y.pend_pure_head];
      if (q != kNoPacket) {
        if (p.t - d.packets[q].t <= cs.window()) break;
        arrive(d, y, q);
      }
      ++y.pend_pure_head;
    }
  }
  if (y.pend_pure_head > 64 && y.pend_pure_head * 2 > y.pend_pure.size()) {
    y.pend_pure.erase(y.pend_pure.begin(),
                      y.pend_pure.begin() + static_cast<std::ptrdiff_t>(y.pend_pure_head));
    y.pend_pure_head = 0;
  }
}

// Packet `i` repeats x's own segments still on their way: those copies were lost.
void repeats(CaptureData& d, ConvState& cs, std::uint32_t i) {
  const CapturedPacket& p = d.packets[i];
  FlowState& x = cs.flow[p.dir];
  const std::uint64_t s = x.unwrap(p.seq), e = s + p.seq_space();
  auto it = std::lower_bound(x.pend_seq.begin() + static_cast<std::ptrdiff_t>(x.pend_seq_head),
                             x.pend_seq.end(), s,
                             [](const InFlight& q, std::uint64_t v) { return q.end <= v; });
  for (; it != x.pend_seq.end() && it->seq < e; ++it) {
    if (it->done || it->seq < s || it->end > e) continue;
    if (d.packets[it->packet].has(kSyn) != p.has(kSyn)) continue;
    if (p.has(kSyn) && d.packets[it->packet].has(kAck) != p.has(kAck)) continue;
    it->done = true;
    lose(d, it->packet, Why::capture_lost_retransmitted);
  }
}

void enqueue(CaptureData& d, ConvState& cs, std::uint32_t i) {
  const CapturedPacket& p = d.packets[i];
  PacketFacts& f = d.facts[i];
  FlowState& x = cs.flow[p.dir];
  f.slot = i;
  if (x.probe != kNoPacket) {  // the last probe got no answer before this
    lose(d, x.probe, Why::capture_lost_no_answer);
    x.probe = kNoPacket;
    ++x.unanswered_probes;
  }
  if (f.is(kMarkKeepalive) || f.is(kMarkWindowProbe)) {
    x.probe = i;
    return;
  }
  if (p.has(kRst) && x.unanswered_probes > 0) {
    lose(d, i, Why::capture_lost_unreachable, x.unanswered_probes);
    return;
  }
  const std::uint32_t space = p.seq_space();
  if (space == 0) {
    x.pend_pure.push_back(i);
    return;
  }
  const std::uint64_t s = x.unwrap(p.seq);
  const InFlight q{s, s + space, i, false};
  if (x.pend_seq.empty() || x.pend_seq.back().end <= q.end) {
    x.pend_seq.push_back(q);
  } else {
    auto at = std::upper_bound(x.pend_seq.begin() + static_cast<std::ptrdiff_t>(x.pend_seq_head),
                               x.pend_seq.end(), q.end,
                               [](std::uint64_t v, const InFlight& r) { return v < r.end; });
    x.pend_seq.insert(at, q);
  }
}

}  // namespace

void fate_packet(CaptureData& d, ConvState& cs, std::uint32_t i) {
  if (d.facts[i].is(kMarkRepeat) && d.packets[i].seq_space() > 0) repeated_by_x(d, cs, i);
  evidence(d, cs, i);
  if (d.facts[i].is(kMarkRetransmission)) repeats(d, cs, i);
  enqueue(d, cs, i);
}

void finish_fates(CaptureData& d, ConvState& cs) {
  for (FlowState& x : cs.flow) {
    if (x.probe != kNoPacket) lose(d, x.probe, Why::capture_lost_no_answer);
    for (std::size_t k = x.pend_seq_head; k < x.pend_seq.size(); ++k) {
      const InFlight& q = x.pend_seq[k];
      if (q.done) continue;
      // A SYN nothing answered, or a repeat the sender was already waiting on.
      if (d.packets[q.packet].has(kSyn) || d.facts[q.packet].is(kMarkRetransmission)) {
        lose(d, q.packet, Why::capture_lost_no_answer);
      } else {
        arrive(d, x, q.packet);
      }
    }
    for (std::size_t k = x.pend_pure_head; k < x.pend_pure.size(); ++k) {
      if (x.pend_pure[k] != kNoPacket) arrive(d, x, x.pend_pure[k]);
    }
  }
}

void analyze_capture(CaptureData& d, unsigned threads) {
  d.facts.assign(d.packets.size(), PacketFacts{});
  // Conversations are independent (each writes only its own packets' facts): with many
  // packets, each thread takes the conversations whose number is k modulo the threads, in
  // packet order, as one thread would.
  constexpr std::size_t kParallelFrom = 100'000;
  if (threads == 0) {
    threads = d.packets.size() < kParallelFrom
                  ? 1
                  : std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
  }
  auto part = [&d, threads](unsigned k) {
    std::vector<std::unique_ptr<ConvState>> live(d.conversations.size());
    for (std::uint32_t i = 0; i < d.packets.size(); ++i) {
      const std::uint32_t c = d.packets[i].conv;
      if (c % threads != k) continue;
      if (!live[c]) live[c] = std::make_unique<ConvState>();
      label_packet(d, *live[c], i);
      fate_packet(d, *live[c], i);
      if (d.conversations[c].last == i) {  // its last packet: settle what is left, free it
        finish_labels(d, *live[c]);
        finish_fates(d, *live[c]);
        live[c].reset();
      }
    }
  };
  std::vector<std::jthread> workers;
  for (unsigned k = 1; k < threads; ++k) workers.emplace_back(part, k);
  part(0);
}

}  // namespace synack
