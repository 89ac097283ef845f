// The wire between hosts: per-direction latency and the scenario's rules that drop, delay,
// duplicate or reorder chosen segments.
#include "world.hpp"

namespace synack {
namespace {

bool matches(const RuleState& r, std::uint16_t from, const Segment& seg, Micros now) {
  const SegmentMatch& m = r.spec.match;
  if (r.from_host != kNoHost && r.from_host != from) return false;
  if (m.flags && *m.flags != seg.flags) return false;
  if (m.has_payload && *m.has_payload != (seg.len > 0)) return false;
  return now >= m.after && now < m.before;
}

}  // namespace

std::uint32_t World::transmit(std::uint16_t from, const Segment& seg, Reason why,
                              std::uint32_t conn, std::uint32_t retransmit_of) {
  ++stats_.segments_sent;
  const std::uint16_t to = host_by_addr(seg.dst.addr);
  const std::uint32_t record = record_segment(seg, from, to, retransmit_of);
  emit_segment_event(EventType::send, from, record, conn, why);

  if (to == kNoHost) {
    ++stats_.segments_dropped;
    emit_segment_event(EventType::drop, from, record, conn, {Why::net_no_host});
    return record;
  }

  // The first rule whose match (and nth count) fits decides what happens.
  const RuleState* rule = nullptr;
  for (RuleState& r : rules_) {
    if (!matches(r, from, seg, now_)) continue;
    ++r.matches;
    if (r.spec.match.nth != 0 && r.matches != r.spec.match.nth) continue;
    rule = &r;
    break;
  }

  const Micros latency = link_latency_[from * hosts_.size() + to];
  auto put = [&](Micros at, Why arrive_why) {
    schedule(at, Due::deliver, hold(InFlight{seg, from, to, now_, record, arrive_why}), conn);
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

  const RuleAction action = rule ? rule->spec.action : RuleAction::delay;
  const Micros extra = rule ? rule->spec.delay : 0;
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
          hold(InFlight{seg, from, to, now_, record, Why::net_reorder_rule}));
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
  HostState& h = hosts_[f.to_host];
  std::uint32_t conn = 0;
  if (auto it = h.conns.find(conn_key(f.seg.dst, f.seg.src)); it != h.conns.end())
    conn = it->second;
  if (!h.up) {
    ++stats_.segments_dropped;
    emit_segment_event(EventType::drop, f.from_host, f.record, conn, {Why::net_host_down});
    return;
  }
  ++stats_.segments_delivered;
  emit_segment_event(EventType::recv, f.to_host, f.record, conn, {f.arrive_why, 0, now_ - f.sent});
  host_input(f.to_host, f.seg);
}

}  // namespace synack
