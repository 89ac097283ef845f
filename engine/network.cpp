// The wire between hosts: per-direction latency, the scenario's rules that drop, delay,
// duplicate or reorder chosen segments, and IP fragmentation and reassembly for segments
// larger than the MTU.
#include <algorithm>

#include "world.hpp"

namespace synack {
namespace {

// `rule_from` is the rule's sending host (kNoHost: any).
bool matches(const SegmentMatch& m, std::uint16_t rule_from, std::uint16_t from, const Segment& seg,
             std::uint32_t rel_seq, const IpFragment& frag, Micros now) {
  if (rule_from != kNoHost && rule_from != from) return false;
  if (m.flags && *m.flags != seg.flags) return false;
  if (m.src_port && *m.src_port != seg.src.port) return false;
  if (m.dst_port && *m.dst_port != seg.dst.port) return false;
  if (m.match_seq && (rel_seq < m.seq_first || rel_seq > m.seq_last)) return false;
  if (m.has_payload && *m.has_payload != (seg.len > 0)) return false;
  if (m.fragment != 0 && (!frag.fragmented() || frag.index + 1 != m.fragment)) return false;
  return now >= m.after && now < m.before;
}

}  // namespace

std::uint32_t World::transmit(std::uint16_t from, const Segment& seg, Reason why,
                              std::uint32_t conn, std::uint32_t retransmit_of) {
  HostLink& h = links_[from];
  const std::uint16_t id = h.next_ip_id++;
  const std::uint32_t payload = tcp_header_len(seg) + seg.len;
  const std::vector<IpFragment> frags = fragment_datagram(payload, h.mtu, id);
  if (frags.empty()) return send_datagram(from, seg, {}, why, conn, retransmit_of);
  // The first fragment carries TCP's reason, the others IP's. A retransmission is cut the
  // same way, so its fragment k repeats fragment k of the first transmission.
  std::uint32_t first = kNoIndex;
  for (const IpFragment& f : frags) {
    const Reason r = f.index == 0 ? why : Reason{Why::ip_fragment_sent, kIpHeader + payload, h.mtu};
    std::uint32_t of = retransmit_of;
    if (of != kNoIndex && of + f.index < trace_.segments.size() &&
        trace_.segments[of].frag.count == f.count) {
      of += f.index;
    }
    const std::uint32_t record = send_datagram(from, seg, f, r, conn, of);
    if (f.index == 0) first = record;
  }
  return first;
}

std::uint32_t World::send_datagram(std::uint16_t from, const Segment& seg, const IpFragment& frag,
                                   Reason why, std::uint32_t conn, std::uint32_t retransmit_of) {
  ++stats_.segments_sent;
  const std::uint16_t to = host_by_addr(seg.dst.addr);
  const std::uint32_t record = record_segment(seg, from, to, retransmit_of, frag);
  emit_segment_event(EventType::send, from, record, conn, why);

  if (to == kNoHost) {
    ++stats_.segments_dropped;
    emit_segment_event(EventType::drop, from, record, conn, {Why::net_no_host});
    return record;
  }

  // The first rule whose match (and nth count) fits decides what happens.
  const RuleState* rule = nullptr;
  // Relative numbers cost a lookup per segment: only when a rule asks (a flood's million
  // spoofed directions would otherwise fill the table).
  const std::uint32_t rel_seq = rules_match_seq_ ? seg.seq - seq_base(seg) : 0;
  for (RuleState& r : rules_) {
    if (!matches(r.spec->match, r.from_host, from, seg, rel_seq, frag, now_)) continue;
    ++r.matches;
    // A rule counts only the segments no earlier rule took (the loop stops at the first).
    const SegmentMatch& m = r.spec->match;
    if (m.nth != 0 && (r.matches < m.nth || r.matches > std::max(m.nth, m.nth_last))) continue;
    rule = &r;
    break;
  }

  const Micros latency = this->latency(from, to);
  auto put = [&](Micros at, Why arrive_why) {
    schedule(at, Due::deliver, hold(InFlight{seg, from, to, now_, record, arrive_why, frag}), conn);
  };
  // A held segment goes out right behind the next one from the same host.
  auto release_held = [&](Micros after) {
    std::vector<std::uint32_t> keep;
    for (std::uint32_t slot : held_for_reorder_) {
      if (in_flight_[slot].from_host == from) {
        schedule(after + 1, Due::deliver, slot, 0);
      } else {
        keep.push_back(slot);
      }
    }
    held_for_reorder_ = std::move(keep);
  };

  const RuleAction action = rule ? rule->spec->action : RuleAction::delay;
  const Micros extra = rule ? rule->spec->delay : 0;
  switch (action) {
    case RuleAction::drop:
      ++stats_.segments_dropped;
      emit_segment_event(EventType::drop, from, record, conn, {Why::net_drop_rule});
      break;
    case RuleAction::delay:
      put(now_ + latency + extra, rule ? Why::net_delay_rule : Why::segment_arrived);
      release_held(now_ + latency);
      break;
    case RuleAction::duplicate:
      put(now_ + latency, Why::segment_arrived);
      put(now_ + latency + extra, Why::net_duplicate_rule);
      release_held(now_ + latency);
      break;
    case RuleAction::reorder:
      release_held(now_ + latency);
      held_for_reorder_.push_back(
          hold(InFlight{seg, from, to, now_, record, Why::net_reorder_rule, frag}));
      break;
  }
  return record;
}

std::uint32_t World::hold(const InFlight& f) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(in_flight_.size());
    in_flight_.emplace_back();
  }
  in_flight_[slot] = f;
  return slot;
}

void World::deliver(std::uint32_t slot) {
  const InFlight f = in_flight_[slot];
  free_slots_.push_back(slot);
  HostStack& stack = stacks_[f.to_host];
  // Which connection the arrival belongs to only labels its trace events.
  const std::uint32_t conn = options_.record ? stack.conn_for(f.seg.dst, f.seg.src) : 0;
  if (!stack.up()) {
    ++stats_.segments_dropped;
    emit_segment_event(EventType::drop, f.from_host, f.record, conn, {Why::net_host_down});
    return;
  }
  ++stats_.segments_delivered;
  if (f.frag.fragmented()) {
    if (reassemble(f, conn)) stack.deliver(now_, f.seg);
    note_head(f.to_host);
    return;
  }
  emit_segment_event(EventType::recv, f.to_host, f.record, conn, {f.arrive_why, 0, now_ - f.sent});
  stack.deliver(now_, f.seg);
  note_head(f.to_host);
}

bool World::reassemble(const InFlight& f, std::uint32_t conn) {
  HostLink& h = links_[f.to_host];
  const Reassembly::Key key{f.seg.src.addr, f.seg.dst.addr, f.frag.id};
  const Reassembly::Result result = h.reassembly.add(key, f.frag);
  auto arrived = [&](Reason why) {
    emit_segment_event(EventType::recv, f.to_host, f.record, conn, why);
  };
  switch (result) {
    case Reassembly::Result::first: {
      arrived({Why::ip_fragment_held, h.reassembly.bytes_held(key)});
      const Micros keep = stacks_[f.to_host].sys()[Knob::ipfrag_time] * kMicrosPerSec;
      ReassemblyTimer t{f.to_host, key, conn, now_ + keep};
      schedule(t.deadline, Due::reassembly_timer,
               static_cast<std::uint32_t>(reassembly_timers_.size()));
      emit_timer(f.to_host, conn, TimerKind::ip_reassembly, TimerAction::armed, t.deadline);
      reassembly_timers_.push_back(t);
      return false;
    }
    case Reassembly::Result::held:
      arrived({Why::ip_fragment_held, h.reassembly.bytes_held(key)});
      return false;
    case Reassembly::Result::duplicate:
      arrived({Why::ip_fragment_duplicate});
      return false;
    case Reassembly::Result::complete:
      break;
  }
  arrived({Why::ip_reassembled, kIpHeader + tcp_header_len(f.seg) + f.seg.len});
  for (ReassemblyTimer& t : reassembly_timers_) {
    if (t.done || t.host != f.to_host || t.key != key) continue;
    t.done = true;
    emit_timer(t.host, t.conn, TimerKind::ip_reassembly, TimerAction::cancelled, t.deadline);
  }
  return true;
}

void World::on_reassembly_timer(std::uint32_t index) {
  ReassemblyTimer& t = reassembly_timers_[index];
  if (t.done) return;
  t.done = true;
  const std::optional<int> thrown = links_[t.host].reassembly.discard(t.key);
  if (!thrown) return;
  emit_timer(t.host, t.conn, TimerKind::ip_reassembly, TimerAction::fired, t.deadline,
             {Why::ip_reassembly_expired, *thrown,
              stacks_[t.host].sys()[Knob::ipfrag_time] * kMicrosPerSec});
}

}  // namespace synack
