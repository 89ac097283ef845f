#pragma once
// The lookups every reader of a finished run needs, built once per run so none of them
// re-scans the trace: each connection's and each host's events, the events of each segment,
// the state of a connection before any event, and a host's queue depths before any event.
// Lists are stored flat (one array plus offsets), so a million-SYN flood costs a few bytes
// an event.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/trace.hpp"

namespace synack {

class TraceIndex {
 public:
  explicit TraceIndex(const Trace& trace);
  const Trace& trace() const { return *trace_; }

  // Event indices in trace order. Connection 0 (host-level events) has none.
  std::span<const std::uint32_t> connection_events(std::uint32_t conn) const;
  std::span<const std::uint32_t> host_events(std::uint16_t host) const;
  std::span<const std::uint32_t> state_events() const { return state_events_; }
  std::span<const std::uint32_t> send_events() const { return send_events_; }

  // The events about one segment record: the first send, then its arrival or its loss.
  struct SegmentEvents {
    std::uint32_t send = kNoIndex;
    std::uint32_t recv = kNoIndex;  // the first recv, unless it was lost first
    std::uint32_t drop = kNoIndex;  // the first drop, unless it arrived first
  };
  SegmentEvents segment_events(std::uint32_t record) const;

  // A connection's state after every event before `event` (CLOSED before its first change).
  TcpState state_before(std::uint32_t conn, std::size_t event) const;
  // The connection's first state change at or after `event`.
  std::optional<std::size_t> next_state_event(std::uint32_t conn, std::size_t event) const;

  // A host's listener queues after every event before `event`, with the largest depths
  // seen so far; nullopt before its first queue event.
  struct QueueDepth {
    std::uint32_t syn = 0;
    std::uint32_t syn_max = 0;
    std::uint32_t accept = 0;
    std::uint32_t accept_max = 0;
    std::uint32_t syn_peak = 0;
    std::uint32_t accept_peak = 0;
  };
  std::optional<QueueDepth> queue_before(std::uint16_t host, std::size_t event) const;

 private:
  // A flat list of lists: list k is items[offsets[k] .. offsets[k + 1]).
  struct Lists {
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> items;
    std::span<const std::uint32_t> at(std::size_t k) const;
  };
  template <typename KeyOf>
  static Lists group(const Trace& trace, std::size_t keys, KeyOf key_of);

  const Trace* trace_;
  Lists by_connection_;
  Lists by_host_;
  Lists states_by_connection_;
  Lists queues_by_host_;
  std::vector<std::uint32_t> state_events_;
  std::vector<std::uint32_t> send_events_;
  std::vector<SegmentEvents> segments_;
  std::vector<QueueDepth> queue_peaks_;  // per queue event, in queues_by_host_ order
};

}  // namespace synack
