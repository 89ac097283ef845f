// Step 1 of the layout, continued (layout_plan.cpp): what goes in the gutters beside the
// outer lifelines (state badges, timer bars in their lanes and their names), and the
// columns: the time axis, each gutter's width, where the lifelines stand.

#include <algorithm>
#include <map>
#include <optional>
#include <queue>
#include <unordered_map>
#include <utility>

#include "app/draw/diagram_labels.hpp"
#include "app/draw/layout_builder.hpp"

namespace synack::layout {
namespace {

std::uint64_t socket_key(std::uint16_t host, std::uint32_t conn, int group = 0) {
  return (static_cast<std::uint64_t>(host) << 40) | (static_cast<std::uint64_t>(group) << 32) |
         conn;
}

// Timers that share one slot of a socket: re-arming one kind replaces the other (the
// retransmission timer turns from SYN into data, FIN_WAIT_2 into TIME_WAIT).
int timer_group(TimerKind k) {
  switch (k) {
    case TimerKind::syn_retransmit:
    case TimerKind::synack_retransmit:
    case TimerKind::retransmit:
    case TimerKind::loss_probe:
    case TimerKind::zero_window_probe:
    case TimerKind::reorder:
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

// A gutter's text breaks after '_', ',' or ' ' when the gutter is narrow: "FIN_" "WAIT_2".
std::vector<std::string> tokens(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    cur += c;
    if (c == '_' || c == ',' || c == ' ') out.push_back(std::exchange(cur, {}));
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

void Builder::plan_states() {
  const std::size_t n = t.events.size();
  const std::size_t hosts = t.hosts.size();
  // State badges; the listening socket's are written "(LISTEN)".
  std::unordered_map<std::uint64_t, bool> listener;
  state_of.assign(n, npos);
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = t.events[i];
    if (e.type != EventType::state || e.host >= hosts) continue;
    auto [it, first] = listener.try_emplace(socket_key(e.host, e.conn), false);
    if (first) it->second = e.from == TcpState::CLOSED && e.to == TcpState::LISTEN;
    StatePlan s;
    s.event = i;
    s.lifeline = e.host;
    s.listener = it->second;
    s.run = run_of[i];
    const std::string name(state_name(e.to));
    if (s.run < 0) s.text = text_plan({s.listener ? "(" + name + ")" : name});
    state_of[i] = states.size();
    states.push_back(std::move(s));
  }
}

void Builder::plan_bars() {
  const std::size_t n = t.events.size();
  const std::size_t hosts = t.hosts.size();
  // Timer bars: from arming to firing, cancelling or re-arming in the same slot.
  std::map<std::pair<std::uint64_t, Micros>, std::size_t> open;
  bar_of_armed.assign(n, npos);
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = t.events[i];
    if (e.type != EventType::timer || e.host >= hosts) continue;
    const std::pair key{socket_key(e.host, e.conn, timer_group(e.timer)),
                        e.timer == TimerKind::ip_reassembly ? e.deadline : 0};
    if (auto it = open.find(key); it != open.end()) {
      bars[it->second].end = i;
      bars[it->second].fired = e.action == TimerAction::fired;
      open.erase(it);
    }
    if (e.action != TimerAction::armed) continue;
    BarPlan b;
    b.lifeline = e.host;
    b.kind = e.timer;
    b.armed = i;
    b.run = run_of[i] >= 0 || floods.event[i] ? 0 : -1;
    open.emplace(key, bars.size());
    bar_of_armed[i] = bars.size();
    bars.push_back(b);
  }
  // Slots: interval colouring per lifeline, lowest free slot first. A flood's or a folded
  // run's bars (hundreds, overlapping) all share one lane after the others: side by side
  // they would fill every lane with a barcode that says no more than one bar does.
  {
    using Busy = std::pair<std::size_t, int>;  // (end event, slot)
    struct Lane {
      std::priority_queue<Busy, std::vector<Busy>, std::greater<>> busy;
      std::priority_queue<int, std::vector<int>, std::greater<>> free;
      int next = 0;
    };
    std::vector<Lane> lane(hosts);
    for (BarPlan& b : bars) {
      if (b.run >= 0) continue;
      Lane& l = lane[b.lifeline];
      while (!l.busy.empty() && l.busy.top().first <= b.armed) {
        l.free.push(l.busy.top().second);
        l.busy.pop();
      }
      if (l.free.empty()) {
        b.slot = l.next++;
      } else {
        b.slot = l.free.top();
        l.free.pop();
      }
      l.busy.push({b.end == npos ? n : b.end, b.slot});
    }
    for (BarPlan& b : bars) {
      if (b.run >= 0) b.slot = std::min(lane[b.lifeline].next, kLanes - 1);
    }
  }
  // A name on the first bar of a run of the same timer on a lifeline: re-arming the RTO
  // after every ACK would otherwise write "RTO" on every row.
  {
    std::vector<std::optional<TimerKind>> last(hosts);
    for (BarPlan& b : bars) {
      if (b.run >= 0 || b.slot >= kLanes) continue;
      if (last[b.lifeline] == b.kind) continue;
      last[b.lifeline] = b.kind;
      b.named = true;
      b.text = text_plan({std::string(timer_short_name(b.kind, o.lang))});
    }
  }
}

void Builder::plan_columns() {
  const std::size_t hosts = t.hosts.size();
  // Columns: the time axis, each outer lifeline's gutter (timer lanes, then its texts), and
  // the lifelines spread over what is left.
  lanes.assign(hosts, 0);
  for (const BarPlan& b : bars)
    lanes[b.lifeline] = std::max(lanes[b.lifeline], std::min(b.slot + 1, kLanes));
  axis_w = m.width("000.00 ms") + 1.2 * em;
  gutter_w.assign(hosts, 0);
  std::vector<double> longest_token(hosts, 0);
  auto gutter_text = [&](std::uint16_t h, const TextPlan& p) {
    for (const auto& line : p.lines) {
      for (const auto& tok : tokens(line))
        longest_token[h] = std::max(longest_token[h], m.width(tok));
    }
    gutter_w[h] = std::max(gutter_w[h], p.w);
  };
  for (const StatePlan& s : states) {
    if (s.run < 0) gutter_text(s.lifeline, s.text);
  }
  for (const BarPlan& b : bars) {
    if (b.named) gutter_text(b.lifeline, b.text);
  }
  // A gutter also holds half the header above its lifeline (name, address, state).
  std::vector<double> header_half(hosts, 0);
  for (std::uint16_t h = 0; h < hosts; ++h) {
    double w = std::max({m.width(t.hosts[h].name), m.width(addr_to_string(t.hosts[h].addr)),
                         m.width("[SYN_RECEIVED]")});
    const bool counted = std::any_of(
        bars.begin(), bars.end(), [&](const BarPlan& b) { return b.lifeline == h && b.counted(); });
    if (counted) w = std::max(w, m.width(running_timers_label(999, o.lang)));
    header_half[h] = w / 2 + Em::pad_x * em + 0.3 * em;
  }
  auto gutter = [&](std::uint16_t h) {
    if (!outer_left(h) && !outer_right(h)) return 0.0;
    return std::max(header_half[h], Em::lane_gap * em + lanes[h] * Em::lane * em +
                                        Em::gutter_gap * em + gutter_w[h] + 0.3 * em);
  };
  const std::uint16_t last_host = hosts == 0 ? 0 : static_cast<std::uint16_t>(hosts - 1);
  double span = 0;
  if (hosts > 1) {
    const double avail = o.width - axis_w - gutter(0) - gutter(last_host);
    span = avail / static_cast<double>(hosts - 1);
    if (span < Em::min_span * em) {
      // Narrow pane: the gutters' texts break into lines before the arrows get squeezed.
      const double need = (Em::min_span * em * static_cast<double>(hosts - 1) - avail) / 2;
      for (std::uint16_t h : {std::uint16_t{0}, last_host}) {
        const double w = std::max(longest_token[h] + 2 * Em::pad_x * em, gutter_w[h] - need);
        if (w >= gutter_w[h]) continue;
        auto rewrap = [&](TextPlan& p) {
          if (p.w <= w) return;
          std::vector<std::string> lines;
          for (const auto& line : p.lines) {
            std::string cur;
            for (const auto& tok : tokens(line)) {
              if (!cur.empty() && m.width(cur + tok) + 2 * Em::pad_x * em > w) {
                lines.push_back(std::exchange(cur, {}));
              }
              cur += tok;
            }
            lines.push_back(cur);
          }
          p = text_plan(std::move(lines));
        };
        for (StatePlan& s : states) {
          if (s.lifeline == h && s.run < 0) rewrap(s.text);
        }
        for (BarPlan& b : bars) {
          if (b.lifeline == h && b.named) rewrap(b.text);
        }
        gutter_w[h] = w;
      }
      span = (o.width - axis_w - gutter(0) - gutter(last_host)) / static_cast<double>(hosts - 1);
    }
  }
  for (std::uint16_t h = 0; h < hosts; ++h) {
    Lifeline l;
    l.host = h;
    l.name = t.hosts[h].name;
    l.addr = addr_to_string(t.hosts[h].addr);
    l.x = hosts == 1 ? std::max(axis_w + gutter(0), o.width / 2) : axis_w + gutter(0) + h * span;
    L.lifelines.push_back(std::move(l));
  }
  // Arrow labels are as wide as the space between two lifelines allows.
  label_max_w = std::max(span - 2 * Em::side * em, 6 * em);
}

}  // namespace synack::layout
