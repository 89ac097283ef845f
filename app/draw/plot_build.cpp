#include "app/draw/plot_build.hpp"

#include <algorithm>
#include <cmath>

namespace synack {
namespace {

double ms(Micros t) {
  return to_ms(t);
}

// A step function's corners, held until `t_end`; a value of `skip` is a break in the line.
std::vector<PlotLine> step_lines(PlotInk ink, const std::vector<StepPoint>& steps, Micros t_end,
                                 std::int64_t skip = kNoSsthresh) {
  std::vector<PlotLine> out;
  PlotLine line{ink, {}};
  for (std::size_t i = 0; i < steps.size() && steps[i].t <= t_end; ++i) {
    const Micros until = i + 1 < steps.size() ? std::min(steps[i + 1].t, t_end) : t_end;
    if (steps[i].bytes == skip) {
      if (!line.points.empty()) out.push_back(std::exchange(line, PlotLine{ink, {}}));
      continue;
    }
    const double y = static_cast<double>(steps[i].bytes);
    line.points.push_back({ms(steps[i].t), y});
    line.points.push_back({ms(until), y});
  }
  if (!line.points.empty()) out.push_back(std::move(line));
  return out;
}

// Time from t0 to t1 with a little room on both sides; seconds once the run is long.
PlotAxis time_axis(Micros t0, Micros t1, const UiStrings& words, Lang lang) {
  PlotAxis a;
  a.lo = ms(t0);
  a.hi = std::max(ms(t1), a.lo + 1);
  const double room = (a.hi - a.lo) * 0.03;
  a.lo = std::max(0.0, a.lo - room);
  a.hi += room;
  const bool seconds = a.hi - a.lo >= 5000;
  a.unit = seconds ? 1000 : 1;
  a.title = words.get(seconds ? "plot.time_s" : "plot.time_ms", lang);
  return a;
}

// Bytes from 0 to a little above the highest value; kB once the numbers get long.
PlotAxis bytes_axis(double top, const char* bytes_key, const char* kb_key, const UiStrings& words,
                    Lang lang) {
  PlotAxis a;
  a.lo = 0;
  a.hi = std::max(top, 1.0) * 1.08;
  const bool kb = a.hi >= 10000;
  a.unit = kb ? 1000 : 1;
  a.title = words.get(kb ? kb_key : bytes_key, lang);
  return a;
}

void add_legend(Plot& p, PlotInk ink, const char* key, const UiStrings& words, Lang lang) {
  p.legend.push_back({ink, words.get(key, lang)});
}

// Cuts the lines at `hi`: a run above it is left out, a rise through it stops at the edge.
void clip_lines(std::vector<PlotLine>& lines, double hi) {
  std::vector<PlotLine> out;
  for (const PlotLine& l : lines) {
    PlotLine piece{l.ink, {}};
    for (std::size_t i = 0; i + 1 < l.points.size(); ++i) {
      PlotPoint a = l.points[i], b = l.points[i + 1];
      if (a.y > hi && b.y > hi) {
        if (!piece.points.empty()) out.push_back(std::exchange(piece, PlotLine{l.ink, {}}));
        continue;
      }
      a.y = std::min(a.y, hi);
      b.y = std::min(b.y, hi);
      if (piece.points.empty()) piece.points.push_back(a);
      piece.points.push_back(b);
    }
    if (!piece.points.empty()) out.push_back(std::move(piece));
  }
  lines = std::move(out);
}

double top_of(const std::vector<PlotLine>& lines, PlotInk ink) {
  double top = 0;
  for (const auto& l : lines) {
    if (l.ink != ink) continue;
    for (const auto& pt : l.points) top = std::max(top, pt.y);
  }
  return top;
}

}  // namespace

Plot window_plot(const WindowSeries& s, const std::string& host_name, const UiStrings& words,
                 Lang lang) {
  Plot p;
  p.title = words.get("plot.window_title", lang) + " \u00b7 " + host_name;
  p.empty_note = words.get("plot.no_data", lang);
  if (s.empty()) return p;
  p.x = time_axis(s.t_begin, s.t_end, words, lang);
  // Drawn back to front: the peer's window behind, cwnd on top.
  struct Part {
    PlotInk ink;
    const std::vector<StepPoint>* steps;
    const char* key;
  };
  const Part parts[] = {{PlotInk::peer_window, &s.peer_window, "plot.peer_window"},
                        {PlotInk::in_flight, &s.in_flight, "plot.in_flight"},
                        {PlotInk::ssthresh, &s.ssthresh, "plot.ssthresh"},
                        {PlotInk::cwnd, &s.cwnd, "plot.cwnd"}};
  for (const Part& part : parts) {
    for (auto& l : step_lines(part.ink, *part.steps, s.t_end)) p.lines.push_back(std::move(l));
  }
  // A large receive window would flatten cwnd into the axis: past twice the sender's own
  // numbers it is cut off, and its legend says it runs above the plot.
  double own = 0;
  for (PlotInk ink : {PlotInk::cwnd, PlotInk::ssthresh, PlotInk::in_flight}) {
    own = std::max(own, top_of(p.lines, ink));
  }
  const double peer = top_of(p.lines, PlotInk::peer_window);
  const double top = peer <= 2 * own || own == 0 ? std::max(own, peer) : 1.5 * own;
  p.y = bytes_axis(top, "plot.bytes", "plot.kbytes", words, lang);
  clip_lines(p.lines, p.y.hi);
  // The legend reads in order of importance: cwnd first.
  for (auto it = std::rbegin(parts); it != std::rend(parts); ++it) {
    const bool drawn = std::any_of(p.lines.begin(), p.lines.end(),
                                   [&](const PlotLine& l) { return l.ink == it->ink; });
    if (!drawn && !it->steps->empty()) {
      p.legend.push_back({it->ink, words.get(it->key, lang) + " " + words.get("plot.above", lang)});
    } else if (drawn) {
      add_legend(p, it->ink, it->key, words, lang);
    }
  }
  // The moments marked on the time axis, each named once in the legend.
  struct MarkKind {
    Why why;
    PlotInk ink;
    const char* key;
    bool named = false;
  };
  MarkKind kinds[] = {{Why::recovery_enter, PlotInk::mark_recovery, "plot.recovery"},
                      {Why::cwnd_loss, PlotInk::mark_rto, "plot.rto"},
                      {Why::peer_window_zero, PlotInk::mark_zero_window, "plot.zero_window"}};
  for (const WindowMark& m : s.marks) {
    for (MarkKind& k : kinds) {
      if (k.why != m.why) continue;
      p.marks.push_back({k.ink, ms(m.t)});
      if (!k.named) add_legend(p, k.ink, k.key, words, lang);
      k.named = true;
    }
  }
  return p;
}

Plot tseq_plot(const TimeSequence& ts, const std::string& host_name, const UiStrings& words,
               Lang lang) {
  Plot p;
  p.title = words.get("plot.tseq_title", lang) + " \u00b7 " + host_name;
  p.empty_note = words.get("plot.no_data", lang);
  if (ts.empty()) return p;
  p.x = time_axis(ts.t_begin, ts.t_end, words, lang);
  for (auto& l : step_lines(PlotInk::window, ts.window, ts.t_end)) p.lines.push_back(l);
  for (auto& l : step_lines(PlotInk::ack, ts.ack, ts.t_end)) p.lines.push_back(l);
  bool retx = false, sack = false;
  for (const TseqBar& b : ts.bars) {
    p.bars.push_back({b.retransmit ? PlotInk::retransmit : PlotInk::data, ms(b.t),
                      static_cast<double>(b.seq0), static_cast<double>(b.seq1), b.lost});
    retx = retx || b.retransmit;
  }
  for (const TseqSack& s : ts.sacks) {
    if (s.t > ts.t_end) continue;
    p.bars.push_back(
        {PlotInk::sack, ms(s.t), static_cast<double>(s.left), static_cast<double>(s.right), false});
    sack = true;
  }
  add_legend(p, PlotInk::data, "plot.data", words, lang);
  if (retx) add_legend(p, PlotInk::retransmit, "plot.retransmit", words, lang);
  // The window's edge may run far above the data; it is cut at half again the data's top.
  const double data = std::max(top_of(p.lines, PlotInk::ack), static_cast<double>(ts.seq_max));
  const double top = std::min(std::max(data, top_of(p.lines, PlotInk::window)), 1.5 * data);
  p.y = bytes_axis(top, "plot.seq", "plot.seq_k", words, lang);
  clip_lines(p.lines, p.y.hi);
  add_legend(p, PlotInk::ack, "plot.ack", words, lang);
  const bool window_drawn = std::any_of(p.lines.begin(), p.lines.end(),
                                        [](const PlotLine& l) { return l.ink == PlotInk::window; });
  p.legend.push_back(
      {PlotInk::window,
       words.get("plot.window", lang) + (window_drawn ? "" : " " + words.get("plot.above", lang))});
  if (sack) add_legend(p, PlotInk::sack, "plot.sack", words, lang);
  return p;
}

}  // namespace synack
