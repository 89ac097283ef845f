#include "app/run/flood.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace synack {

bool noteworthy_recv(Why w) {
  switch (w) {
    case Why::syn_queue_full_drop:
    case Why::syn_cookie_valid:
    case Why::syn_cookie_invalid:
    case Why::accept_queue_full_syn_drop:
    case Why::accept_queue_full_ack_drop:
    case Why::rst_ignored_out_of_window:
    case Why::paws_reject:
    case Why::data_out_of_order:
    case Why::data_duplicate:
    case Why::dup_ack_received:
    case Why::net_delay_rule:
    case Why::net_duplicate_rule:
    case Why::net_reorder_rule:
    case Why::net_host_down:
    case Why::handshake_done_by_data:
    case Why::ip_fragment_held:
    case Why::ip_fragment_duplicate:
    case Why::ip_reassembled:
      return true;
    default:
      return false;
  }
}

namespace {

bool owned(const Trace& t, Addr a) {
  return std::any_of(t.hosts.begin(), t.hosts.end(),
                     [a](const HostInfo& h) { return h.addr == a; });
}

// Events that draw nothing by themselves (or only queue counters) do not end a flood run.
bool neutral(const Trace& t, const std::vector<bool>& sent, std::size_t i) {
  const Event& e = t.events[i];
  switch (e.type) {
    case EventType::queue:
    case EventType::timer:
      return true;
    case EventType::recv:
      return !noteworthy_recv(e.reason.why);
    case EventType::drop:
      return e.segment < sent.size() && sent[e.segment];
    default:
      return false;
  }
}

}  // namespace

Floods find_floods(const Trace& t, std::size_t threshold) {
  const std::size_t n = t.events.size();
  const std::size_t hosts = t.hosts.size();
  Floods f;
  f.event.assign(n, false);
  f.attacker.assign(hosts, false);
  std::vector<bool> sent(t.segments.size(), false);
  std::set<std::pair<std::uint16_t, std::uint32_t>> flood_conns;
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = t.events[i];
    if (e.segment >= t.segments.size()) continue;
    const SegmentRecord& r = t.segments[e.segment];
    if (e.type == EventType::send) sent[e.segment] = true;
    if (r.from_host < hosts && r.seg.src.addr != t.hosts[r.from_host].addr) {
      f.attacker[r.from_host] = true;
    }
    if (r.to_host >= hosts || !owned(t, r.seg.src.addr) || !owned(t, r.seg.dst.addr)) {
      f.event[i] = true;
      if (e.conn != 0) flood_conns.insert({e.host, e.conn});
    }
  }
  // State changes and calls on the sockets a flood created belong to the flood too.
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = t.events[i];
    if (e.segment == kNoIndex && e.conn != 0 && flood_conns.contains({e.host, e.conn})) {
      f.event[i] = true;
    }
  }
  std::size_t i = 0;
  while (i < n) {
    if (!f.event[i]) {
      ++i;
      continue;
    }
    FloodRun run{i, i, 0};
    for (std::size_t j = i; j < n && (f.event[j] || neutral(t, sent, j)); ++j) {
      if (!f.event[j]) continue;
      run.last = j;
      if (t.events[j].segment != kNoIndex) ++run.segments;
    }
    if (run.segments >= threshold) f.runs.push_back(run);
    i = run.last + 1;
  }
  return f;
}

}  // namespace synack
