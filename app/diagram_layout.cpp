#include "diagram_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <queue>
#include <unordered_map>

#include "app/diagram.hpp"

namespace synack {
namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

// Timers that share one slot of a socket: re-arming one kind replaces the other (the
// retransmission timer turns from SYN into data, FIN_WAIT_2 into TIME_WAIT).
int timer_group(TimerKind k) {
  switch (k) {
    case TimerKind::syn_retransmit:
    case TimerKind::synack_retransmit:
    case TimerKind::retransmit:
    case TimerKind::loss_probe:
      return 0;
    case TimerKind::delayed_ack:
      return 1;
    case TimerKind::keepalive:
      return 2;
    case TimerKind::fin_wait_2:
    case TimerKind::time_wait:
      return 3;
    case TimerKind::ip_reassembly:
      return 4;
  }
  return 0;
}

std::uint64_t socket_key(std::uint16_t host, std::uint32_t conn, int group = 0) {
  return (static_cast<std::uint64_t>(host) << 40) | (static_cast<std::uint64_t>(group) << 32) |
         conn;
}

class Builder {
 public:
  Builder(const Trace& trace, const LayoutOptions& options)
      : t_(trace), o_(options), per_us_(options.units_per_ms / 1000.0) {}

  Layout build() {
    lifelines();
    rows();
    arrows();
    states();
    timers();
    L_.height = L_.event_y.empty() ? o_.top : L_.event_y.back();
    L_.height = std::max(L_.height, end_y_) + o_.top;
    return std::move(L_);
  }

 private:
  const Trace& t_;
  const LayoutOptions& o_;
  const double per_us_;
  Layout L_;
  std::vector<std::size_t> send_of_;  // segment → its send event
  std::vector<std::size_t> end_of_;   // segment → its first recv or drop event
  std::vector<std::pair<std::uint32_t, std::size_t>> extra_ends_;  // duplicated deliveries
  std::vector<Micros> link_latency_;  // from * hosts + to → shortest delivery seen
  std::vector<bool> attacker_;
  double end_y_ = 0;

  std::size_t host_count() const { return t_.hosts.size(); }

  void lifelines() {
    const std::size_t n = host_count();
    for (std::size_t i = 0; i < n; ++i) {
      Lifeline l;
      l.host = static_cast<std::uint16_t>(i);
      l.name = t_.hosts[i].name;
      l.addr = addr_to_string(t_.hosts[i].addr);
      l.x = o_.margin_left + static_cast<double>(i) * o_.lifeline_spacing;
      L_.lifelines.push_back(std::move(l));
    }
    // Room on the right as on the left, for labels and arrows to nobody.
    L_.width = 2 * o_.margin_left + static_cast<double>(n > 0 ? n - 1 : 0) * o_.lifeline_spacing;
  }

  // Events take rows in time order. Distinct instants are spaced by their true time
  // (quiet periods compressed), events sharing an instant by min_row, and an arrow's end
  // is pushed down until it slopes by at least min_arrow_drop. Timer events ride on the
  // row they happen at instead of taking one.
  void rows() {
    const auto& events = t_.events;
    const std::size_t n = events.size();
    L_.event_y.resize(n);
    send_of_.assign(t_.segments.size(), npos);
    end_of_.assign(t_.segments.size(), npos);
    link_latency_.assign(host_count() * host_count(), kNever);
    attacker_.assign(host_count(), false);
    auto& knots = L_.time_marks;
    knots.push_back({0, o_.top});

    Micros cur_t = 0;
    double cur_y = o_.top;
    bool row_taken = false;     // a row of the current instant is used
    bool knot_pending = false;  // the current instant has no knot yet
    std::size_t open_gap = npos;

    for (std::size_t i = 0; i < n; ++i) {
      const Event& e = events[i];
      if (e.t > cur_t) {
        if (knots.back().second != cur_y) knots.push_back({cur_t, cur_y});
        const Micros dt = e.t - cur_t;
        double advance = static_cast<double>(dt) * per_us_;
        open_gap = npos;
        if (dt > o_.gap_threshold) {
          advance = o_.gap_height;
          L_.gaps.push_back({cur_y, 0, cur_t, e.t});
          open_gap = L_.gaps.size() - 1;
        }
        if (row_taken) advance = std::max(advance, o_.min_row);
        cur_y += advance;
        cur_t = e.t;
        row_taken = false;
        knot_pending = true;
      }
      bool is_end = false;
      if (e.segment < t_.segments.size()) {
        if (e.type == EventType::send) {
          send_of_[e.segment] = i;
          if (e.reason.why == Why::attacker_spoofed_syn || e.reason.why == Why::attacker_injected)
            attacker_[e.host] = true;
        } else if (end_of_[e.segment] == npos) {
          end_of_[e.segment] = i;
          is_end = true;
        } else if (e.type == EventType::recv) {
          extra_ends_.push_back({e.segment, i});
          is_end = true;
        }
      }
      if (e.type != EventType::timer) {
        double y = row_taken ? cur_y + o_.min_row : cur_y;
        if (is_end && e.type == EventType::recv) {
          const std::size_t s = send_of_[e.segment];
          if (s != npos) {
            y = std::max(y, L_.event_y[s] + o_.min_arrow_drop);
            note_latency(t_.segments[e.segment], e.t - events[s].t);
          }
        }
        cur_y = y;
        row_taken = true;
      }
      L_.event_y[i] = cur_y;
      if (knot_pending) {
        knots.push_back({cur_t, cur_y});
        if (open_gap != npos) L_.gaps[open_gap].height = cur_y - L_.gaps[open_gap].y;
        knot_pending = false;
      }
    }
    if (knots.back().second != cur_y) knots.push_back({cur_t, cur_y});
    // A trace stopped by its time limit ends after its last event.
    if (t_.end_time > cur_t) {
      const Micros dt = t_.end_time - cur_t;
      double advance = static_cast<double>(dt) * per_us_;
      if (dt > o_.gap_threshold) {
        advance = o_.gap_height;
        L_.gaps.push_back({cur_y, advance, cur_t, t_.end_time});
      }
      knots.push_back({t_.end_time, cur_y + advance});
    }
    end_y_ = knots.back().second;
  }

  void note_latency(const SegmentRecord& r, Micros latency) {
    if (r.from_host >= host_count() || r.to_host >= host_count()) return;
    Micros& l = link_latency_[r.from_host * host_count() + r.to_host];
    l = std::min(l, latency);
  }

  bool owned(Addr a) const {
    return std::any_of(t_.hosts.begin(), t_.hosts.end(),
                       [a](const HostInfo& h) { return h.addr == a; });
  }

  // Same rule as the text diagram: segments to nobody are drawn toward the attacker (whose
  // spoofed addresses they answer), else toward a neighbour.
  std::uint16_t toward(std::uint16_t from) const {
    for (std::size_t h = 0; h < host_count(); ++h) {
      if (attacker_[h] && h != from) return static_cast<std::uint16_t>(h);
    }
    if (from + 1u < host_count()) return static_cast<std::uint16_t>(from + 1);
    if (from > 0) return static_cast<std::uint16_t>(from - 1);
    return from;
  }

  // How far a segment that never arrived would have dropped: its link's latency if any
  // segment made it across, so the cross sits where it would have been half-way.
  double expected_drop(std::uint16_t from, std::uint16_t to) const {
    double d = o_.min_arrow_drop;
    if (from < host_count() && to < host_count()) {
      Micros l = link_latency_[from * host_count() + to];
      if (l != kNever) d = std::max(d, static_cast<double>(l) * per_us_);
    }
    return d;
  }

  std::string label(const SegmentRecord& r) const {
    std::string s = segment_label(r);
    if (!owned(r.seg.src.addr)) s += fmt::format(" from {}", addr_to_string(r.seg.src.addr));
    if (r.to_host >= host_count()) s += fmt::format(" to {}", addr_to_string(r.seg.dst.addr));
    return s;
  }

  void add_arrow(std::uint32_t seg, std::size_t end, std::uint32_t retransmit_of) {
    const SegmentRecord& r = t_.segments[seg];
    const std::size_t send = send_of_[seg];
    Arrow a;
    a.segment = seg;
    a.send_event = send;
    a.end_event = end == npos ? send : end;
    a.from = r.from_host;
    a.to_nobody = r.to_host >= host_count();
    a.to = a.to_nobody ? toward(r.from_host) : r.to_host;
    a.x0 = L_.lifelines[a.from].x;
    a.y0 = L_.event_y[send];
    const double x_to = L_.lifelines[a.to].x;
    const bool dropped = end != npos && t_.events[end].type == EventType::drop;
    a.lost = dropped || a.to_nobody;
    if (a.lost) {
      // A drop at the sender happens at the send instant; one at a dead receiver at arrival.
      double full = expected_drop(a.from, a.to);
      if (dropped && t_.events[end].t > t_.events[send].t) full = L_.event_y[end] - a.y0;
      a.x1 = (a.x0 + x_to) / 2;
      a.y1 = a.y0 + full / 2;
    } else {
      a.x1 = x_to;
      // Still in flight when the trace stopped: drawn as if it had arrived.
      a.y1 = end == npos ? a.y0 + expected_drop(a.from, a.to) : L_.event_y[end];
    }
    a.retransmit_of = retransmit_of;
    a.label = label(r);
    L_.arrows.push_back(std::move(a));
  }

  // Arrows in send order, so views can find the visible ones by y0.
  void arrows() {
    std::vector<std::uint32_t> arrow_of(t_.segments.size(), kNoIndex);
    std::sort(extra_ends_.begin(), extra_ends_.end());
    auto extra = extra_ends_.begin();
    for (std::size_t i = 0; i < t_.events.size(); ++i) {
      const Event& e = t_.events[i];
      if (e.type != EventType::send || e.segment >= t_.segments.size()) continue;
      if (t_.segments[e.segment].from_host >= host_count()) continue;
      const std::uint32_t seg = e.segment;
      const std::uint32_t orig = t_.segments[seg].retransmit_of;
      const std::uint32_t rtx = orig < arrow_of.size() ? arrow_of[orig] : kNoIndex;
      arrow_of[seg] = static_cast<std::uint32_t>(L_.arrows.size());
      add_arrow(seg, end_of_[seg], rtx);
      while (extra != extra_ends_.end() && extra->first < seg) ++extra;
      for (; extra != extra_ends_.end() && extra->first == seg; ++extra) {
        add_arrow(seg, extra->second, rtx);
      }
    }
  }

  void states() {
    std::unordered_map<std::uint64_t, bool> listener;  // socket → is a listening socket
    for (std::size_t i = 0; i < t_.events.size(); ++i) {
      const Event& e = t_.events[i];
      if (e.type != EventType::state) continue;
      auto [it, first] = listener.try_emplace(socket_key(e.host, e.conn), false);
      if (first) it->second = e.from == TcpState::CLOSED && e.to == TcpState::LISTEN;
      L_.states.push_back({e.host, i, L_.event_y[i], e.from, e.to, it->second});
    }
  }

  void timers() {
    // Socket timer (and, for IP reassembly, the deadline: one timer per datagram) → its bar.
    std::map<std::pair<std::uint64_t, Micros>, std::size_t> open;
    auto close = [&](std::size_t bar, double y, bool fired) {
      L_.timers[bar].y1 = y;
      L_.timers[bar].fired = fired;
    };
    for (std::size_t i = 0; i < t_.events.size(); ++i) {
      const Event& e = t_.events[i];
      if (e.type != EventType::timer) continue;
      const std::pair key{socket_key(e.host, e.conn, timer_group(e.timer)),
                          e.timer == TimerKind::ip_reassembly ? e.deadline : 0};
      auto it = open.find(key);
      if (it != open.end()) {
        close(it->second, L_.event_y[i], e.action == TimerAction::fired);
        open.erase(it);
      }
      if (e.action == TimerAction::armed) {
        TimerBar b;
        b.lifeline = e.host;
        b.kind = e.timer;
        b.armed_event = i;
        b.y0 = b.y1 = L_.event_y[i];
        open.emplace(key, L_.timers.size());
        L_.timers.push_back(b);
      }
    }
    for (const auto& [key, bar] : open) close(bar, std::max(end_y_, L_.timers[bar].y0), false);
    assign_slots();
  }

  // Interval colouring per lifeline, lowest free slot first: O(n log n) even for a flood
  // with thousands of pending SYN-ACK timers.
  void assign_slots() {
    using Busy = std::pair<double, int>;  // (end y, slot)
    struct Lane {
      std::priority_queue<Busy, std::vector<Busy>, std::greater<>> busy;
      std::priority_queue<int, std::vector<int>, std::greater<>> free;
      int next = 0;
    };
    std::vector<Lane> lanes(host_count());
    for (TimerBar& b : L_.timers) {  // in arming order, so y0 never decreases
      if (b.lifeline >= lanes.size()) continue;
      Lane& lane = lanes[b.lifeline];
      while (!lane.busy.empty() && lane.busy.top().first <= b.y0) {
        lane.free.push(lane.busy.top().second);
        lane.busy.pop();
      }
      if (lane.free.empty()) {
        b.slot = lane.next++;
      } else {
        b.slot = lane.free.top();
        lane.free.pop();
      }
      lane.busy.push({b.y1, b.slot});
    }
  }
};

}  // namespace

double Layout::y_of(Micros t) const {
  if (time_marks.empty()) return 0;
  // First knot later than t; a knot at exactly t maps to the top of that instant's rows.
  auto later = std::upper_bound(time_marks.begin(), time_marks.end(), t,
                                [](Micros v, const auto& k) { return v < k.first; });
  if (later == time_marks.begin()) return time_marks.front().second;
  const auto& a = *std::prev(later);
  if (a.first == t) {
    auto first = std::lower_bound(time_marks.begin(), time_marks.end(), t,
                                  [](const auto& k, Micros v) { return k.first < v; });
    return first->second;
  }
  if (later == time_marks.end()) return a.second;  // past the end: clamped
  const auto& b = *later;
  const double f = static_cast<double>(t - a.first) / static_cast<double>(b.first - a.first);
  return a.second + f * (b.second - a.second);
}

Micros Layout::time_of(double y) const {
  if (time_marks.empty()) return 0;
  auto later = std::upper_bound(time_marks.begin(), time_marks.end(), y,
                                [](double v, const auto& k) { return v < k.second; });
  if (later == time_marks.begin()) return time_marks.front().first;
  const auto& a = *std::prev(later);
  if (later == time_marks.end()) return a.first;
  const auto& b = *later;
  if (b.first == a.first) return a.first;
  const double f = (y - a.second) / (b.second - a.second);
  return a.first + static_cast<Micros>(std::llround(f * static_cast<double>(b.first - a.first)));
}

Layout layout_trace(const Trace& trace, const LayoutOptions& options) {
  return Builder(trace, options).build();
}

}  // namespace synack
