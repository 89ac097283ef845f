// Step 1 of the layout: what will be drawn, before any y is known.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <queue>
#include <unordered_map>
#include <utility>

#include "app/base/utf8.hpp"
#include "app/base/wrap_lines.hpp"
#include "app/draw/diagram_labels.hpp"
#include "app/draw/layout_builder.hpp"
#include "app/draw/trace_labels.hpp"

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

std::string_view word(Lang lang, std::string_view en, std::string_view zh) {
  return lang == Lang::zh ? zh : en;
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

Builder::Builder(const Trace& trace, const LayoutOptions& options, const TextMeasure& measure)
    : t(trace), o(options), m(measure), em(options.font_px) {}

TextPlan Builder::text_plan(std::vector<std::string> lines) const {
  TextPlan p;
  for (const auto& l : lines) p.w = std::max(p.w, m.width(l));
  p.w += 2 * Em::pad_x * em;
  p.h = static_cast<double>(lines.size()) * m.line_height() + 2 * Em::pad_y * em;
  p.lines = std::move(lines);
  return p;
}

std::vector<std::string> Builder::wrap(const std::string& text, double max_w, double room) const {
  std::vector<std::string> out;
  // An address or "seq=1449" is not broken while the room allows: the box grows to the
  // widest such word (Chinese may break between any two characters: not a word here).
  double word = 0, widest = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    i += decode_utf8(text, i, c);
    word = (c == U' ' || c == U'\n' || c >= 0x2E80) ? 0 : word + m.advance(c);
    widest = std::max(widest, word);
  }
  const double pads = 2 * Em::pad_x * em;
  const double inner = std::max(max_w - pads, std::min(std::ceil(widest), room - pads));
  for (auto line : wrap_lines(text, static_cast<float>(inner),
                              [&](char32_t c) { return static_cast<float>(m.advance(c)); })) {
    out.emplace_back(line);
  }
  if (out.empty()) out.emplace_back();
  return out;
}

bool Builder::outer_left(std::uint16_t h) const {
  return h == 0 && t.hosts.size() > 1;
}

bool Builder::outer_right(std::uint16_t h) const {
  return h + 1u == t.hosts.size();
}

std::pair<double, double> Builder::free_span(std::uint16_t a, std::uint16_t b) const {
  if (a > b) std::swap(a, b);
  double lo = L.lifelines[a].x + Em::side * em;
  const double hi = L.lifelines[b].x - Em::side * em;
  if (a == b) return {lo, lo + label_max_w};
  if (!outer_left(a) && lanes[a] > 0) lo += Em::lane_gap * em + lanes[a] * Em::lane * em;
  return {lo, std::max(hi, lo)};
}

void Builder::plan() {
  const std::size_t n = t.events.size();
  const std::size_t hosts = t.hosts.size();
  floods = find_floods(t, o.flood_threshold);
  run_of.assign(n, -1);
  for (std::size_t r = 0; r < floods.runs.size(); ++r) {
    for (std::size_t i = floods.runs[r].first; i <= floods.runs[r].last; ++i) {
      run_of[i] = static_cast<int>(r);
    }
  }

  // Segments: their send, their first end, later deliveries of a duplicated one, and the
  // shortest delivery time of each link (where a lost segment's cross would have been).
  std::vector<std::size_t> send_of(t.segments.size(), npos), end_of(t.segments.size(), npos);
  std::vector<std::pair<std::uint32_t, std::size_t>> extra_ends;
  std::vector<Micros> latency(hosts * hosts, kNever);
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = t.events[i];
    if (e.segment >= t.segments.size()) continue;
    if (e.type == EventType::send) {
      send_of[e.segment] = i;
    } else if (e.type == EventType::recv || e.type == EventType::drop) {
      if (end_of[e.segment] == npos) {
        end_of[e.segment] = i;
      } else if (e.type == EventType::recv) {
        extra_ends.push_back({e.segment, i});
      }
      const SegmentRecord& r = t.segments[e.segment];
      if (e.type == EventType::recv && send_of[e.segment] != npos && r.from_host < hosts &&
          r.to_host < hosts) {
        Micros& l = latency[r.from_host * hosts + r.to_host];
        l = std::min(l, e.t - t.events[send_of[e.segment]].t);
      }
    }
  }
  auto owned = [&](Addr a) {
    return std::any_of(t.hosts.begin(), t.hosts.end(),
                       [a](const HostInfo& h) { return h.addr == a; });
  };
  auto toward = [&](std::uint16_t from) -> std::uint16_t {
    for (std::uint16_t h = 0; h < hosts; ++h) {
      if (floods.attacker[h] && h != from) return h;
    }
    if (from + 1u < hosts) return static_cast<std::uint16_t>(from + 1);
    if (from > 0) return static_cast<std::uint16_t>(from - 1);
    return from;
  };

  // Arrows in send order; a duplicated segment gets one per delivery.
  std::vector<std::uint32_t> arrow_of_segment(t.segments.size(), kNoIndex);
  std::sort(extra_ends.begin(), extra_ends.end());
  auto extra_end = extra_ends.begin();
  std::vector<int> retx_count;
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = t.events[i];
    if (e.type != EventType::send || e.segment >= t.segments.size()) continue;
    const SegmentRecord& r = t.segments[e.segment];
    if (r.from_host >= hosts) continue;
    const std::uint32_t orig = r.retransmit_of;
    const std::uint32_t rtx = orig < arrow_of_segment.size() ? arrow_of_segment[orig] : kNoIndex;
    arrow_of_segment[e.segment] = static_cast<std::uint32_t>(arrows.size());
    auto add = [&](std::size_t end) {
      ArrowPlan a;
      a.segment = e.segment;
      a.send = i;
      a.end = end;
      a.from = r.from_host;
      a.to_nobody = r.to_host >= hosts;
      a.to = a.to_nobody ? toward(r.from_host) : r.to_host;
      const bool dropped = end != npos && t.events[end].type == EventType::drop;
      a.lost = dropped || a.to_nobody;
      a.late_drop = dropped && t.events[end].t > e.t;
      a.run = run_of[i];
      a.retransmit_of = rtx;
      a.label = segment_label(r);
      if (!owned(r.seg.src.addr)) {
        a.label +=
            fmt::format(" {} {}", word(o.lang, "from", "来自"), addr_to_string(r.seg.src.addr));
      }
      if (a.to_nobody) {
        a.label +=
            fmt::format(" {} {}", word(o.lang, "to", "发往"), addr_to_string(r.seg.dst.addr));
      }
      arrows.push_back(std::move(a));
      retx_count.push_back(rtx < retx_count.size() ? ++retx_count[rtx] : 0);
    };
    add(end_of[e.segment]);
    while (extra_end != extra_ends.end() && extra_end->first < e.segment) ++extra_end;
    for (; extra_end != extra_ends.end() && extra_end->first == e.segment; ++extra_end) {
      add(extra_end->second);
    }
  }
  // retx_count[k] counted retransmissions of arrow k's original at the time k was added: the
  // retransmission number of k itself is the count stored for it.
  for (std::size_t k = 0; k < arrows.size(); ++k) {
    if (arrows[k].retransmit_of == kNoIndex) retx_count[k] = 0;
  }

  // Several segments in flight at once (a burst, its ACKs) would cross each other's labels
  // when drawn by their true flight time: those form a ladder, one nearly flat arrow per
  // row. Two segments crossing in opposite directions (simultaneous open or close) stay
  // sloped: the X is what the picture is about, and their labels fit at the senders.
  auto link_latency = [&](const ArrowPlan& a) {
    const Micros l = a.from < hosts && a.to < hosts ? latency[a.from * hosts + a.to] : kNever;
    return l == kNever ? Micros{0} : l;
  };
  struct Span {
    Micros t0, t1;
    std::size_t arrow;
  };
  std::vector<Span> spans;
  for (std::size_t k = 0; k < arrows.size(); ++k) {
    ArrowPlan& a = arrows[k];
    a.t0 = t.events[a.send].t;
    a.t1 = a.end != npos ? t.events[a.end].t : a.t0 + link_latency(a);
    if (a.lost && !a.late_drop) a.t1 = a.t0 + link_latency(a) / 2;
    if (a.run < 0) spans.push_back({a.t0, a.t1, k});
  }
  for (std::size_t i = 0; i < spans.size();) {
    std::size_t j = i + 1;
    Micros reach = spans[i].t1;
    while (j < spans.size() && spans[j].t0 < reach && spans[j].t1 > spans[j].t0) {
      reach = std::max(reach, spans[j].t1);
      ++j;
    }
    const std::size_t size = j - i;
    bool ladder = size >= 3;
    if (size == 2) ladder = arrows[spans[i].arrow].from == arrows[spans[i + 1].arrow].from;
    for (std::size_t k = i; k < j && ladder && spans[i].t1 > spans[i].t0; ++k) {
      arrows[spans[k].arrow].ladder = true;
    }
    i = j;
  }
  spread_ladders();
  // One that another arrow going the other way crosses in flight (an X) gets a label half as
  // wide, so each fits beside its own sender.
  auto in_flight_together = [](const ArrowPlan& a, const ArrowPlan& b) {
    return a.t0 < b.t1 && b.t0 < a.t1 && a.t1 > a.t0 && b.t1 > b.t0;
  };
  for (std::size_t k = 0; k < arrows.size(); ++k) {
    ArrowPlan& a = arrows[k];
    if (a.run >= 0 || a.ladder) continue;
    for (std::size_t j = 0; j < arrows.size() && !a.cross; ++j) {
      const ArrowPlan& b = arrows[j];
      if (b.t0 >= a.t1) break;  // arrows are in send order
      if (j == k || b.run >= 0 || b.ladder || b.from == a.from) continue;
      a.cross = in_flight_together(a, b);
    }
  }

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

  // Arrow labels, as wide as the space between two lifelines allows; the two arrows of an X
  // get half of it each, so each label fits beside its sender, clear of the other arrow.
  label_max_w = std::max(span - 2 * Em::side * em, 6 * em);
  for (std::size_t k = 0; k < arrows.size(); ++k) {
    ArrowPlan& a = arrows[k];
    if (a.run >= 0) continue;
    a.text = a.label;
    if (retx_count[k] > 0) a.text += "  " + retransmit_label(retx_count[k], o.lang);
    if (a.lost) a.text += fmt::format("  \u00d7 {}", lost_label(o.lang));
    wrap_label(a);
  }

  // Flood blocks: one summary line per kind of segment in the run.
  for (const FloodRun& fr : floods.runs) {
    RunPlan rp;
    rp.run = fr;
    rp.left = static_cast<std::uint16_t>(hosts);
    struct Group {
      std::size_t count = 0;
      std::uint16_t from = 0;
      std::uint8_t flags = 0;
      bool spoofed = false, to_nobody = false;
      AddrRange src, dst;
    };
    std::vector<Group> groups;
    for (const ArrowPlan& a : arrows) {
      if (a.run < 0 || floods.runs[static_cast<std::size_t>(a.run)].first != fr.first) continue;
      rp.left = std::min({rp.left, a.from, a.to});
      rp.right = std::max({rp.right, a.from, a.to});
      const SegmentRecord& r = t.segments[a.segment];
      const bool spoofed = !owned(r.seg.src.addr);
      auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
        return g.from == a.from && g.flags == r.seg.flags && g.spoofed == spoofed &&
               g.to_nobody == a.to_nobody;
      });
      if (it == groups.end()) {
        groups.push_back({0, a.from, r.seg.flags, spoofed, a.to_nobody, {}, {}});
        it = groups.end() - 1;
      }
      ++it->count;
      it->src.add(r.seg.src.addr);
      it->dst.add(r.seg.dst.addr);
    }
    if (rp.left >= hosts) rp.left = rp.right = 0;
    std::string text;
    for (const Group& g : groups) {
      std::string line = fmt::format("\u00d7 {} {}{}", g.count,
                                     g.spoofed ? word(o.lang, "spoofed ", "伪造的 ") : "",
                                     flags_to_string(g.flags));
      if (g.spoofed) line += fmt::format(" {} {}", word(o.lang, "from", "来自"), g.src.str());
      if (g.to_nobody) line += fmt::format(" {} {}", word(o.lang, "to", "发往"), g.dst.str());
      text += (text.empty() ? "" : "\n") + line;
    }
    const auto [lo, hi] = free_span(rp.left, rp.right);
    const double room = hi - lo;
    rp.text = text_plan(wrap(text, std::max(room, 6 * em)));
    runs.push_back(std::move(rp));
  }

  index_ends();
  extra.assign(n, 0);
}

void Builder::spread_ladders() {
  for (bool grew = true; grew;) {
    grew = false;
    for (ArrowPlan& a : arrows) {
      if (a.run >= 0 || a.ladder || a.t1 <= a.t0) continue;
      for (const ArrowPlan& b : arrows) {
        if (b.t0 >= a.t1) break;  // arrows are in send order
        if (b.ladder && b.run < 0 && a.t0 < b.t1 && b.t0 < a.t1) {
          a.ladder = grew = true;
          break;
        }
      }
    }
  }
}

void Builder::wrap_label(ArrowPlan& a) {
  const auto [lo, hi] = free_span(a.from, a.to);
  double max_w = std::max(hi - lo, 6 * em);
  if (a.cross && !a.ladder) max_w = std::max(0.45 * (hi - lo), 6 * em);
  TextPlan p = text_plan(wrap(a.text, max_w, std::max(hi - lo, 6 * em)));
  a.lines = std::move(p.lines);
  a.w = p.w;
  a.h = p.h;
}

void Builder::index_ends() {
  const std::size_t n = t.events.size();
  arrow_of_send.assign(n, npos);
  arrow_of_end.assign(n, npos);
  ladder_of_end.assign(n, npos);
  for (std::size_t k = 0; k < arrows.size(); ++k) {
    const ArrowPlan& a = arrows[k];
    if (arrow_of_send[a.send] == npos) arrow_of_send[a.send] = k;
    if (a.end == npos || a.run >= 0) continue;
    if (a.ladder) {
      if (t.events[a.end].type == EventType::recv) ladder_of_end[a.end] = k;
    } else if (t.events[a.end].type == EventType::recv || a.late_drop) {
      arrow_of_end[a.end] = k;
    }
  }
}

}  // namespace synack::layout
