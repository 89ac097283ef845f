// Step 1 of the layout: what will be drawn, before any y is known. Here the arrows (which
// segment is drawn how: sloped, in a ladder, crossing another) with their labels and the
// flood blocks; the gutters and columns in layout_gutters.cpp.

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

std::string_view word(Lang lang, std::string_view en, std::string_view zh) {
  return lang == Lang::zh ? zh : en;
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

bool Builder::owned(Addr a) const {
  return std::any_of(t.hosts.begin(), t.hosts.end(),
                     [a](const HostInfo& h) { return h.addr == a; });
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
  floods = find_floods(t, o.flood_threshold);
  run_of.assign(n, -1);
  for (std::size_t r = 0; r < floods.runs.size(); ++r) {
    for (std::size_t i = floods.runs[r].first; i <= floods.runs[r].last; ++i) {
      run_of[i] = static_cast<int>(r);
    }
  }

  plan_arrows();
  plan_states();
  plan_bars();
  plan_columns();
  plan_arrow_labels();
  plan_floods();
  index_ends();
  extra.assign(n, 0);
}

void Builder::plan_arrows() {
  const std::size_t n = t.events.size();
  const std::size_t hosts = t.hosts.size();
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
  retx_count.clear();
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
      a.disagreement = e.disagreement.why != Why::none;
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
}

void Builder::plan_arrow_labels() {
  // As wide as the space between two lifelines allows (label_max_w); the two arrows of an X
  // get half of it each, so each label fits beside its sender, clear of the other arrow.
  for (std::size_t k = 0; k < arrows.size(); ++k) {
    ArrowPlan& a = arrows[k];
    if (a.run >= 0) continue;
    a.text = a.label;
    if (retx_count[k] > 0) a.text += "  " + retransmit_label(retx_count[k], o.lang);
    if (a.lost) a.text += fmt::format("  \u00d7 {}", lost_label(o.lang));
    if (!a.disagreement) {
      wrap_label(a);
      continue;
    }
    // The mark is never broken across lines (Chinese may break between any two characters):
    // where wrapping would split it, it gets a line of its own.
    const std::string mark(disagreement_label(o.lang));
    const std::string text = std::exchange(a.text, a.text + "  " + mark);
    wrap_label(a);
    if (std::none_of(a.lines.begin(), a.lines.end(),
                     [&](const std::string& l) { return l.find(mark) != std::string::npos; })) {
      a.text = text + "\n" + mark;
      wrap_label(a);
    }
  }
}

void Builder::plan_floods() {
  const std::size_t hosts = t.hosts.size();
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
