#include "app/run/trace_index.hpp"

#include <algorithm>

namespace synack {

std::span<const std::uint32_t> TraceIndex::Lists::at(std::size_t k) const {
  if (k + 1 >= offsets.size()) return {};
  return std::span<const std::uint32_t>(items).subspan(offsets[k], offsets[k + 1] - offsets[k]);
}

// Two passes, like a counting sort: count each key's events, then place them. `key_of`
// returns the key of an event, or nullopt to leave it out.
template <typename KeyOf>
TraceIndex::Lists TraceIndex::group(const Trace& trace, std::size_t keys, KeyOf key_of) {
  Lists l;
  l.offsets.assign(keys + 1, 0);
  for (const Event& e : trace.events) {
    if (auto k = key_of(e)) ++l.offsets[*k + 1];
  }
  for (std::size_t k = 0; k < keys; ++k) l.offsets[k + 1] += l.offsets[k];
  l.items.resize(l.offsets[keys]);
  std::vector<std::uint32_t> next(l.offsets.begin(), l.offsets.end() - 1);
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    if (auto k = key_of(trace.events[i])) l.items[next[*k]++] = static_cast<std::uint32_t>(i);
  }
  return l;
}

TraceIndex::TraceIndex(const Trace& trace) : trace_(&trace) {
  std::uint32_t max_conn = 0;
  std::uint16_t max_host = 0;
  for (const Event& e : trace.events) {
    max_conn = std::max(max_conn, e.conn);
    max_host = std::max(max_host, e.host);
  }
  const std::size_t conns = std::size_t{max_conn} + 1;
  const std::size_t hosts = std::max<std::size_t>(trace.hosts.size(), std::size_t{max_host} + 1);
  using Key = std::optional<std::size_t>;
  by_connection_ =
      group(trace, conns, [](const Event& e) { return e.conn != 0 ? Key{e.conn} : Key{}; });
  by_host_ = group(trace, hosts, [](const Event& e) { return Key{e.host}; });
  states_by_connection_ = group(trace, conns, [](const Event& e) {
    return e.type == EventType::state ? Key{e.conn} : Key{};
  });
  queues_by_host_ = group(trace, hosts, [](const Event& e) {
    return e.type == EventType::queue ? Key{e.host} : Key{};
  });

  segments_.resize(trace.segments.size());
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    const auto index = static_cast<std::uint32_t>(i);
    if (e.type == EventType::state) state_events_.push_back(index);
    if (e.segment >= segments_.size()) continue;
    SegmentEvents& s = segments_[e.segment];
    if (e.type == EventType::send) {
      send_events_.push_back(index);
      if (s.send == kNoIndex) s.send = index;
    }
    if (e.type == EventType::recv && s.recv == kNoIndex && s.drop == kNoIndex) s.recv = index;
    if (e.type == EventType::drop && s.drop == kNoIndex && s.recv == kNoIndex) s.drop = index;
  }

  // Peaks so far, in each host's queue-event order.
  queue_peaks_.resize(queues_by_host_.items.size());
  for (std::size_t h = 0; h < hosts; ++h) {
    QueueDepth peak;
    for (std::uint32_t k = queues_by_host_.offsets[h]; k < queues_by_host_.offsets[h + 1]; ++k) {
      const Event& e = trace.events[queues_by_host_.items[k]];
      peak.syn = e.syn_queue;
      peak.syn_max = e.syn_queue_max;
      peak.accept = e.accept_queue;
      peak.accept_max = e.accept_queue_max;
      peak.syn_peak = std::max(peak.syn_peak, e.syn_queue);
      peak.accept_peak = std::max(peak.accept_peak, e.accept_queue);
      queue_peaks_[k] = peak;
    }
  }
}

std::span<const std::uint32_t> TraceIndex::connection_events(std::uint32_t conn) const {
  return conn == 0 ? std::span<const std::uint32_t>{} : by_connection_.at(conn);
}

std::span<const std::uint32_t> TraceIndex::host_events(std::uint16_t host) const {
  return by_host_.at(host);
}

TraceIndex::SegmentEvents TraceIndex::segment_events(std::uint32_t record) const {
  return record < segments_.size() ? segments_[record] : SegmentEvents{};
}

TcpState TraceIndex::state_before(std::uint32_t conn, std::size_t event) const {
  const auto states = states_by_connection_.at(conn);
  auto it = std::lower_bound(states.begin(), states.end(), event);
  return it == states.begin() ? TcpState::CLOSED : trace_->events[*(it - 1)].to;
}

std::optional<std::size_t> TraceIndex::next_state_event(std::uint32_t conn,
                                                        std::size_t event) const {
  const auto states = states_by_connection_.at(conn);
  auto it = std::lower_bound(states.begin(), states.end(), event);
  if (it == states.end()) return std::nullopt;
  return *it;
}

std::optional<TraceIndex::QueueDepth> TraceIndex::queue_before(std::uint16_t host,
                                                               std::size_t event) const {
  const auto queues = queues_by_host_.at(host);
  auto it = std::lower_bound(queues.begin(), queues.end(), event);
  if (it == queues.begin()) return std::nullopt;
  const std::size_t k =
      queues_by_host_.offsets[host] + static_cast<std::size_t>(it - queues.begin()) - 1;
  return queue_peaks_[k];
}

}  // namespace synack
