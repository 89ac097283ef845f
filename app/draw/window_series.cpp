#include "app/draw/window_series.hpp"

#include <algorithm>
#include <map>

namespace synack {
namespace {

bool marked(Why why) {
  return why == Why::recovery_enter || why == Why::recovery_exit || why == Why::cwnd_loss ||
         why == Why::cwnd_idle_restart || why == Why::peer_window_zero;
}

}  // namespace

void push_step(std::vector<StepPoint>& series, Micros t, std::int64_t bytes) {
  if (!series.empty() && series.back().bytes == bytes) return;
  if (!series.empty() && series.back().t == t) {
    series.back().bytes = bytes;
    // Back to the value before the instant: the step never happened.
    if (series.size() > 1 && series[series.size() - 2].bytes == bytes) series.pop_back();
    return;
  }
  series.push_back({t, bytes});
}

namespace {

struct Sent {
  std::uint64_t bytes = 0;
  std::uint16_t host = kNoHost, peer = kNoHost;
};

// Payload bytes of first transmissions per connection, in connection id order.
std::map<std::uint32_t, Sent> sent_per_connection(const Trace& trace,
                                                  std::optional<std::uint16_t> host) {
  std::map<std::uint32_t, Sent> sent;
  for (const Event& e : trace.events) {
    if (e.type != EventType::send || e.conn == 0 || (host && e.host != *host)) continue;
    const SegmentRecord r = trace.segments[e.segment];
    if (r.retransmit_of != kNoIndex || r.frag.count != 0 || r.seg.len == 0) continue;
    Sent& s = sent[e.conn];
    s.bytes += r.seg.len;
    s.host = e.host;
    s.peer = r.to_host;
  }
  return sent;
}

}  // namespace

std::optional<std::uint32_t> busiest_sender(const Trace& trace, std::optional<std::uint16_t> host) {
  std::optional<std::uint32_t> best;
  std::uint64_t most = 0;
  for (const auto& [conn, s] : sent_per_connection(trace, host)) {  // ties: the lower id
    if (s.bytes > most) {
      most = s.bytes;
      best = conn;
    }
  }
  return best;
}

std::vector<DataSender> data_senders(const Trace& trace) {
  std::map<std::uint16_t, DataSender> by_host;
  for (const auto& [conn, s] : sent_per_connection(trace, std::nullopt)) {
    DataSender& d = by_host[s.host];
    if (s.bytes > d.bytes) d = {s.host, conn, s.peer, s.bytes};
  }
  std::vector<DataSender> out;
  for (const auto& [host, d] : by_host) out.push_back(d);
  return out;
}

WindowSeries window_series(const Trace& trace, std::uint32_t conn) {
  WindowSeries s;
  s.conn = conn;
  bool first = true;
  Micros last_window = 0;
  for (const Event& e : trace.events) {
    if (e.conn != conn) continue;
    if (first) {
      s.host = e.host;
      first = false;
    }
    // The picture ends with the sender's last data or its last own change: a window
    // update for the FIN's ACK a second later would squeeze everything else to the left.
    if (e.type == EventType::send && e.host == s.host && trace.segments[e.segment].seg.len > 0) {
      s.t_end = e.t;
    }
    if (e.type != EventType::window) continue;
    if (s.cwnd.empty()) s.t_begin = e.t;
    s.mss = e.mss;
    const std::int64_t mss = e.mss;
    const std::size_t before = s.cwnd.size() + s.ssthresh.size() + s.in_flight.size();
    push_step(s.cwnd, e.t, std::int64_t{e.cwnd} * mss);
    push_step(s.ssthresh, e.t,
              e.ssthresh == kInfiniteSsthresh ? kNoSsthresh : std::int64_t{e.ssthresh} * mss);
    push_step(s.in_flight, e.t, std::int64_t{e.in_flight} * mss);
    if (s.cwnd.size() + s.ssthresh.size() + s.in_flight.size() != before) {
      s.t_end = std::max(s.t_end, e.t);
    }
    push_step(s.peer_window, e.t, e.peer_window);
    if (marked(e.reason.why)) s.marks.push_back({e.t, e.reason.why});
    last_window = e.t;
  }
  // All in one instant (one small request): the plot runs on to the connection's last window
  // event rather than being a line of no length.
  if (s.t_end <= s.t_begin) s.t_end = last_window;
  return s;
}

}  // namespace synack
