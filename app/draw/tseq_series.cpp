#include "app/draw/tseq_series.hpp"

#include <algorithm>
#include <unordered_set>

namespace synack {
namespace {

// The window scale in force for the peer's segments: both SYNs must carry the option
// (RFC 7323 §2.2), and the peer's own shift applies to the windows it sends.
std::int8_t peer_shift(const Trace& trace, SockAddr local, SockAddr remote, std::uint32_t upto) {
  std::int8_t ours = -1, theirs = -1;
  for (std::uint32_t i = 0; i < upto && i < trace.segments.size(); ++i) {
    const SegmentRecord r = trace.segments[i];
    if (!r.seg.has(kSyn)) continue;
    if (r.seg.src == local && r.seg.dst == remote) ours = r.seg.opt.wscale;
    if (r.seg.src == remote && r.seg.dst == local) theirs = r.seg.opt.wscale;
  }
  return ours >= 0 && theirs >= 0 ? theirs : 0;
}

}  // namespace

TimeSequence time_sequence(const Trace& trace, std::uint32_t conn) {
  TimeSequence ts;
  ts.conn = conn;
  std::unordered_set<std::uint32_t> dropped;
  for (const Event& e : trace.events) {
    if (e.type == EventType::drop) dropped.insert(e.segment);
  }
  bool first = true;
  SockAddr local, remote;
  std::uint32_t last_index = 0;
  for (const Event& e : trace.events) {
    if (e.conn != conn) continue;
    if (first) {
      ts.host = e.host;
      first = false;
    }
    if (e.type != EventType::send || e.host != ts.host) continue;
    const SegmentRecord r = trace.segments[e.segment];
    local = r.seg.src;
    remote = r.seg.dst;
    last_index = std::max(last_index, e.segment);
    if (r.seg.len == 0 || r.frag.count > 0) continue;
    ts.bars.push_back({e.t, r.rel_seq, r.rel_seq + r.seg.len, e.segment,
                       r.retransmit_of != kNoIndex, dropped.contains(e.segment)});
    if (ts.bars.size() == 1) ts.t_begin = e.t;
    ts.seq_max = std::max(ts.seq_max, r.rel_seq + r.seg.len);
    ts.t_end = e.t;
  }
  if (first) return ts;
  ts.peer_shift = peer_shift(trace, local, remote, last_index + 1);

  std::int64_t ack = -1;
  for (const Event& e : trace.events) {
    if (e.conn != conn || e.host != ts.host || e.type != EventType::recv) continue;
    const SegmentRecord r = trace.segments[e.segment];
    if (!r.seg.has(kAck) || r.frag.count > 0) continue;
    if (static_cast<std::int64_t>(r.rel_ack) < ack) continue;  // an old, reordered ACK
    ack = r.rel_ack;
    // The SYN's window is never scaled (RFC 7323 §2.2).
    const int shift = r.seg.has(kSyn) ? 0 : ts.peer_shift;
    if (ts.ack.empty()) ts.t_begin = std::min(ts.t_begin, e.t);
    push_step(ts.ack, e.t, ack);
    push_step(ts.window, e.t, ack + (std::int64_t{r.seg.win} << shift));
    for (int i = 0; i < r.seg.opt.sack_count; ++i) {
      const SackBlock& b = r.seg.opt.sack[i];
      ts.sacks.push_back({e.t, b.left - r.sack_base, b.right - r.sack_base});
    }
  }
  // The graph ends when the last data byte is acknowledged (or with the last data sent).
  for (const StepPoint& a : ts.ack) {
    if (a.bytes >= ts.seq_max) {
      ts.t_end = std::max(ts.t_end, a.t);
      break;
    }
  }
  return ts;
}

}  // namespace synack
