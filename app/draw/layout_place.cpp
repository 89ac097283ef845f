// Step 3 of the layout: every text where nothing crosses it, and the driver that redoes the
// rows with more room until that holds.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <numeric>

#include "app/draw/diagram_labels.hpp"
#include "app/draw/layout_builder.hpp"

namespace synack {
namespace layout {
namespace {

// Obstacle tags: what kind of thing, and its index.
enum Tag : std::uint32_t {
  kArrow = 0,
  kLifeline = 1u << 28,
  kBar = 2u << 28,
  kText = 3u << 28,
  kGap = 4u << 28,
};
constexpr std::uint32_t kTagMask = 7u << 28;

double line_y_at(const Obstacle& o, double x) {
  if (o.bx == o.ax) return std::max(o.ay, o.by);
  const double f = std::clamp((x - o.ax) / (o.bx - o.ax), 0.0, 1.0);
  return o.ay + f * (o.by - o.ay);
}

// The lowest y a line reaches over [x0, x1].
double line_bottom_over(const Obstacle& o, double x0, double x1) {
  return std::max(line_y_at(o, std::max(x0, std::min(o.ax, o.bx))),
                  line_y_at(o, std::min(x1, std::max(o.ax, o.bx))));
}

double line_top_over(const Obstacle& o, double x0, double x1) {
  return std::min(line_y_at(o, std::max(x0, std::min(o.ax, o.bx))),
                  line_y_at(o, std::min(x1, std::max(o.ax, o.bx))));
}

}  // namespace

std::vector<Bump> Builder::place() {
  L.texts.clear();
  failed.clear();
  const double clear = Em::clear * em;
  const double W = o.width;
  ObstacleIndex idx(4 * em);
  for (std::size_t k = 0; k < L.arrows.size(); ++k) {
    const Arrow& a = L.arrows[k];
    idx.add_line(a.x0, a.y0, a.x1, a.y1, kArrow | static_cast<std::uint32_t>(k));
  }
  // Lifelines, broken where a gap band compresses time (a label may sit in the band).
  for (std::size_t h = 0; h < L.lifelines.size(); ++h) {
    double y = 0;
    const double x = L.lifelines[h].x;
    for (const auto& g : L.gaps) {
      idx.add_line(x, y, x, g.y, kLifeline | static_cast<std::uint32_t>(h));
      y = g.y + g.height;
    }
    idx.add_line(x, y, x, L.height, kLifeline | static_cast<std::uint32_t>(h));
  }
  // Gap bands: a label inside one would read as part of the compressed stretch.
  for (std::size_t g = 0; g < L.gaps.size(); ++g) {
    idx.add_box({0, L.gaps[g].y, W, L.gaps[g].y + L.gaps[g].height},
                kGap | static_cast<std::uint32_t>(g));
  }
  for (std::size_t b = 0; b < L.timers.size(); ++b) {
    const TimerBar& bar = L.timers[b];
    if (bar.slot >= kLanes) continue;
    idx.add_box({bar.x, bar.y0, bar.x + L.bar_width, std::max(bar.y1, bar.y0 + 1)},
                kBar | static_cast<std::uint32_t>(b));
  }

  std::map<std::size_t, double> bumps;
  auto bump = [&](std::size_t event, double by) {
    if (event >= extra.size()) return;
    event = row_of[event];  // an event without a row of its own moves with the one it rides
    // At least a hair, at most a few lines a round: a conflict no row can solve must not
    // run away.
    by = std::clamp(by, clear, 6 * em);
    double& v = bumps[event];
    v = std::max(v, by);
  };
  std::vector<const Obstacle*> hits;
  // Room for `box` (anchored at `event`) away from what it collides with: move whichever of
  // the two comes later in the trace down.
  auto make_room = [&](const Box& box, std::size_t event, const std::vector<const Obstacle*>& hs) {
    if (box.y0 < 0) bump(event, -box.y0 + clear);
    for (const Obstacle* h : hs) {
      const std::uint32_t i = h->tag & ~kTagMask;
      switch (h->tag & kTagMask) {
        case kArrow: {
          const ArrowPlan& p = arrows[i];
          if (p.send > event) {
            bump(p.send, box.y1 - std::min(h->ay, h->by) + clear);
          } else if (p.end != npos && p.end > event && !p.ladder && p.run < 0) {
            bump(p.end, box.y1 - line_top_over(*h, box.x0, box.x1) + clear);
          } else if (p.run >= 0 && run_of[event] < 0 && p.send <= event &&
                     runs[static_cast<std::size_t>(p.run)].run.last > event) {
            L.settled = false;  // a flood block's line: it moves with the row
          } else {
            bump(event, line_bottom_over(*h, box.x0, box.x1) - box.y0 + clear);
          }
          break;
        }
        case kBar: {
          const TimerBar& b = L.timers[i];
          if (b.armed_event > event) {
            bump(b.armed_event, box.y1 - b.y0 + clear);
          } else if (bars[i].end != npos && bars[i].end <= event) {
            bump(event, b.y1 - box.y0 + clear);
          } else {
            L.settled = false;  // the bar runs past this row whatever moves: no room to make
          }
          break;
        }
        case kText: {
          const TextBox& other = L.texts[i];
          if (other.event != kAlways && other.event > event) {
            bump(other.event, box.y1 - other.box.y0 + clear);
          } else {
            bump(event, other.box.y1 - box.y0 + clear);
          }
          break;
        }
        case kGap: {
          const CompressedGap& g = L.gaps[i];
          if (g.y + g.height <= box.y1) bump(event, g.y + g.height - box.y0 + clear);
          break;  // a band below the text's own row: another candidate must do
        }
        default:
          break;  // a lifeline: no row can move a text off it
      }
    }
  };
  auto inside = [&](const Box& b) { return b.x0 >= 0 && b.x1 <= W && b.y0 >= 0; };
  auto add_text = [&](TextKind kind, Align align, const Box& box, std::vector<std::string> lines,
                      std::size_t event, std::uint32_t owner) {
    const auto index = static_cast<std::uint32_t>(L.texts.size());
    L.texts.push_back({kind, align, box, std::move(lines), event, owner});
    idx.add_box(box, kText | index);
    return index;
  };
  // A text whose place is fixed by its row: checked, and room asked for if it collides.
  auto fixed = [&](TextKind kind, Align align, const Box& box, const TextPlan& p, std::size_t event,
                   std::uint32_t owner, std::uint32_t ignore) {
    hits.clear();
    idx.collisions(box, hits, ignore);
    if (!hits.empty() || !inside(box)) {
      make_room(box, event, hits);
      if (box.x0 < 0 || box.x1 > W) L.settled = false;
    }
    return add_text(kind, align, box, p.lines, event, owner);
  };

  for (std::size_t k = 0; k < states.size(); ++k) {
    const StatePlan& s = states[k];
    if (s.run >= 0) continue;
    const Align align = outer_right(s.lifeline) ? Align::left : Align::right;
    L.states[k].text = fixed(TextKind::state, align, state_box[k], s.text, s.event,
                             static_cast<std::uint32_t>(k), kNoIndex);
  }
  for (std::size_t b = 0; b < bars.size(); ++b) {
    const BarPlan& p = bars[b];
    if (!p.named || !(outer_left(p.lifeline) || outer_right(p.lifeline))) continue;
    L.timers[b].text =
        fixed(TextKind::timer, outer_left(p.lifeline) ? Align::right : Align::left, bar_name_box[b],
              p.text, p.armed, static_cast<std::uint32_t>(b), kNoIndex);
  }
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const RunPlan& rp = runs[r];
    const auto [lo, hi] = free_span(rp.left, rp.right);
    const double cx = (lo + hi) / 2;
    const Box box{cx - rp.text.w / 2, run_y0[r], cx + rp.text.w / 2, run_y0[r] + rp.text.h};
    L.floods[r].text = fixed(TextKind::flood, Align::centre, box, rp.text, rp.run.first,
                             static_cast<std::uint32_t>(r), kNoIndex);
  }

  // Arrow labels: above the middle, else above the start, below the end, below the middle.
  const double side = Em::side * em;
  for (std::size_t k = 0; k < arrows.size(); ++k) {
    const ArrowPlan& p = arrows[k];
    if (p.run >= 0) continue;
    const Arrow& a = L.arrows[k];
    const double w = p.w, h = p.h;
    const double dx = a.x1 - a.x0;
    const double slope = dx == 0 ? 0 : std::abs((a.y1 - a.y0) / dx);
    const bool right = dx >= 0;
    const double mx = (a.x0 + a.x1) / 2, my = (a.y0 + a.y1) / 2;
    const double reach = slope * w / 2;
    Box mid_above{mx - w / 2, my - reach - clear - h, mx + w / 2, my - reach - clear};
    Box start_above{right ? a.x0 + side : a.x0 - side - w, a.y0 - clear - h,
                    right ? a.x0 + side + w : a.x0 - side, a.y0 - clear};
    Box end_below{right ? a.x1 - side - w : a.x1 + side, a.y1 + clear,
                  right ? a.x1 - side : a.x1 + side + w, a.y1 + clear + h};
    if (a.lost) {  // below the cross
      const double c = 0.4 * em;
      end_below = {a.x1 - w / 2, a.y1 + c + clear, a.x1 + w / 2, a.y1 + c + clear + h};
    }
    Box mid_below{mx - w / 2, my + reach + clear, mx + w / 2, my + reach + clear + h};
    // Kept inside the span the label may use (clear of a middle lifeline's timer lanes).
    const auto [lo, hi] = free_span(a.from, a.to);
    auto within = [&, lo = lo, hi = hi](Box b) {
      const double shift = b.x0 < lo ? lo - b.x0 : b.x1 > hi ? hi - b.x1 : 0;
      b.x0 += shift;
      b.x1 += shift;
      return b;
    };
    const Box candidates[] = {within(mid_above), within(start_above), within(end_below),
                              within(mid_below)};
    const Box* chosen = nullptr;
    for (const Box& c : candidates) {
      if (inside(c) && idx.clear(c)) {
        chosen = &c;
        break;
      }
    }
    if (!chosen) {
      // Ask for room where rows can give it: above the start (in a ladder, above the middle).
      failed.push_back(k);
      const Box& basis = candidates[p.ladder ? 0 : 1];
      hits.clear();
      idx.collisions(basis, hits);
      make_room(basis, p.send, hits);
      if (hits.empty() && basis.y0 >= 0) L.settled = false;  // only a lifeline or the edge
      chosen = &basis;
    }
    L.arrows[k].text = add_text(TextKind::arrow, Align::centre, *chosen, p.lines, p.send,
                                static_cast<std::uint32_t>(k));
  }

  // Names of timers on a middle lifeline, beside their bar where there is room (else none).
  for (std::size_t b = 0; b < bars.size(); ++b) {
    const BarPlan& p = bars[b];
    if (!p.named || outer_left(p.lifeline) || outer_right(p.lifeline)) continue;
    const double x = L.lifelines[p.lifeline].x;
    const double y0 = L.timers[b].y0 - p.text.h / 2;
    const double right_x =
        x + Em::lane_gap * em + lanes[p.lifeline] * Em::lane * em + Em::gutter_gap * em;
    const Box right{right_x, y0, right_x + p.text.w, y0 + p.text.h};
    const Box left{x - Em::lane_gap * em - p.text.w, y0, x - Em::lane_gap * em, y0 + p.text.h};
    for (const Box& c : {right, left}) {
      if (inside(c) && idx.clear(c)) {
        L.timers[b].text = add_text(TextKind::timer, Align::left, c, p.text.lines, p.armed,
                                    static_cast<std::uint32_t>(b));
        break;
      }
    }
  }

  std::vector<Bump> out;
  for (auto [event, by] : bumps) out.push_back({event, by});
  return out;
}

// Texts that need the final rows: time axis ticks, gap labels, the header; then the texts
// sorted by y (views find the visible ones by binary search).
void Builder::finish() {
  const double pad = Em::pad_x * em;
  L.width = o.width;
  L.axis_x = axis_w - 0.55 * em;
  L.font_px = em;
  L.lang = o.lang;
  L.line_height = m.line_height();
  L.text_pad_x = pad;
  L.text_pad_y = Em::pad_y * em;

  ObstacleIndex idx(4 * em);
  for (const Arrow& a : L.arrows) idx.add_line(a.x0, a.y0, a.x1, a.y1, 0);
  for (const TextBox& tb : L.texts) idx.add_box(tb.box, 0);

  const double tick_h = m.line_height() + 2 * Em::pad_y * em;
  for (auto [time, y] : axis_ticks(L, tick_h + 0.3 * em)) {
    const std::string s = axis_label(time);
    const double w = m.width(s) + 2 * pad;
    const Box box{L.axis_x - 0.25 * em - w, y - tick_h / 2, L.axis_x - 0.25 * em, y + tick_h / 2};
    if (box.y0 < 0 || box.x0 < 0) continue;
    L.texts.push_back({TextKind::tick, Align::right, box, {s}, kAlways, kNoIndex});
  }
  for (std::size_t g = 0; g < L.gaps.size(); ++g) {
    CompressedGap& gap = L.gaps[g];
    const std::string s = gap_label(gap.to - gap.from);
    const double w = m.width(s) + 2 * pad;
    if (gap.height < tick_h) continue;
    std::vector<double> xs{(L.axis_x + o.width) / 2};
    for (std::size_t h = 0; h + 1 < L.lifelines.size(); ++h) {
      xs.push_back((L.lifelines[h].x + L.lifelines[h + 1].x) / 2);
    }
    const double cy = gap.y + gap.height / 2;
    for (double x : xs) {
      const Box box{x - w / 2, cy - tick_h / 2, x + w / 2, cy + tick_h / 2};
      if (box.x0 < L.axis_x || box.x1 > o.width || !idx.clear(box)) continue;
      gap.text = static_cast<std::uint32_t>(L.texts.size());
      L.texts.push_back(
          {TextKind::gap, Align::centre, box, {s}, kAlways, static_cast<std::uint32_t>(g)});
      idx.add_box(box, 0);
      break;
    }
  }

  // Header: name, address, and room for the widest state the lifeline will show.
  L.header.clear();
  double header_h = 0;
  for (const Lifeline& lf : L.lifelines) {
    std::string widest = "[CLOSED]";
    for (const StatePlan& s : states) {
      if (s.lifeline != lf.host) continue;
      std::string name = "[" + std::string(state_name(t.events[s.event].to)) + "]";
      if (m.width(name) > m.width(widest)) widest = name;
    }
    // A host named by its address (a capture's) is not written twice.
    std::vector<std::string> lines{lf.name, lf.addr == lf.name ? "" : lf.addr, widest};
    const bool crowded = std::any_of(bars.begin(), bars.end(), [&](const BarPlan& b) {
      return b.lifeline == lf.host && b.counted();
    });
    if (crowded) lines.push_back(running_timers_label(999, o.lang));
    TextPlan p = text_plan(std::move(lines));
    for (std::size_t i = 2; i < p.lines.size(); ++i) p.lines[i].clear();  // the view's
    const Box box{lf.x - p.w / 2, 0.15 * em, lf.x + p.w / 2, 0.15 * em + p.h};
    L.header.push_back({TextKind::host, Align::centre, box, p.lines, kAlways, lf.host});
    header_h = std::max(header_h, box.y1 + 0.15 * em);
  }
  L.header_height = header_h;

  // The scrolling area ends below its lowest text too (a label may sit under its arrow).
  for (const TextBox& tb : L.texts) L.height = std::max(L.height, tb.box.y1 + Em::top * em);

  // Sorted by top, with every owner's index following its text.
  std::vector<std::uint32_t> order(L.texts.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return L.texts[a].box.y0 < L.texts[b].box.y0; });
  std::vector<std::uint32_t> where(order.size());
  std::vector<TextBox> sorted;
  sorted.reserve(order.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    where[order[i]] = i;
    sorted.push_back(std::move(L.texts[order[i]]));
  }
  L.texts = std::move(sorted);
  auto remap = [&](std::uint32_t& ti) {
    if (ti != kNoIndex) ti = where[ti];
  };
  for (auto& a : L.arrows) remap(a.text);
  for (auto& s : L.states) remap(s.text);
  for (auto& b : L.timers) remap(b.text);
  for (auto& g : L.gaps) remap(g.text);
  for (auto& f : L.floods) remap(f.text);
}

Layout Builder::build() {
  plan();
  constexpr int kRounds = 60;
  // An arrow whose label still finds no place after a few rounds of more room (two crossing
  // in a narrow pane) is drawn in a ladder row instead, where nothing can cross it: the rows
  // start over with it there.
  constexpr int kTries = 4;
  std::vector<int> tries(arrows.size(), 0);
  for (int round = 0;; ++round) {
    L.settled = true;
    rows();
    geometry();
    const std::vector<Bump> more = place();
    if (more.empty()) break;
    if (round == kRounds || L.height > 1e6) {
      L.settled = false;
      break;
    }
    bool relaid = false;
    for (std::size_t k : failed) {
      if (++tries[k] < kTries || arrows[k].ladder) continue;
      arrows[k].ladder = relaid = true;
    }
    if (relaid) {
      spread_ladders();
      for (ArrowPlan& a : arrows) {
        if (a.run < 0) wrap_label(a);
      }
      index_ends();
      std::fill(extra.begin(), extra.end(), 0.0);
      std::fill(tries.begin(), tries.end(), 0);
      continue;
    }
    for (const Bump& b : more) extra[b.event] += b.by;
  }
  finish();
  return std::move(L);
}

}  // namespace layout

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

double diagram_font_px(double pane_width, double text_px, std::size_t lifelines) {
  const double ems = 16 + 14 * static_cast<double>(std::max<std::size_t>(lifelines, 2) - 1);
  return std::max(1.0, std::min(text_px, std::floor(pane_width / ems)));
}

Layout layout_trace(const Trace& trace, const LayoutOptions& options) {
  ApproxMeasure approx(options.font_px);
  const TextMeasure& m = options.measure ? *options.measure : approx;
  static std::atomic<std::uint64_t> next_id{1};
  Layout l = layout::Builder(trace, options, m).build();
  l.id = next_id++;
  return l;
}

}  // namespace synack
