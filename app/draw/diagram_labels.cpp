#include "app/draw/diagram_labels.hpp"

#include <array>

#include <fmt/format.h>

#include "app/draw/trace_labels.hpp"

namespace synack {

std::string_view timer_short_name(TimerKind k, Lang lang) {
  // In TimerKind's order.
  static constexpr std::array<std::string_view, 11> kEn = {
      "SYN RTO",     "SYN,ACK RTO",        "RTO",  "TLP",           "delayed ACK",
      "keepalive",   "FIN_WAIT_2 timeout", "2MSL", "IP reassembly", "persist",
      "RACK reorder"};
  static constexpr std::array<std::string_view, 11> kZh = {
      "SYN 重传",        "SYN,ACK 重传", "超时重传", "TLP 探测",   "延迟确认",     "保活",
      "FIN_WAIT_2 超时", "2MSL",         "IP 重组",  "持续计时器", "RACK 乱序窗口"};
  static_assert(kEn.size() == static_cast<std::size_t>(TimerKind::reorder) + 1);
  return (lang == Lang::zh ? kZh : kEn)[static_cast<std::size_t>(k)];
}

std::string running_timers_label(int n, Lang lang) {
  return lang == Lang::zh ? fmt::format("{} 个计时器", n) : fmt::format("{} timers", n);
}

std::string_view lost_label(Lang lang) {
  return lang == Lang::zh ? "丢失" : "lost";
}

std::string_view disagreement_label(Lang lang) {
  // A no-break space: the mark and its word stay on one line when the label wraps.
  return lang == Lang::zh ? "\u2260\u00a0\u5f15\u64ce" : "\u2260\u00a0engine";
}

std::string gap_label(Micros length) {
  return "\u2026 " + format_gap(length) + " \u2026";
}

std::string retransmit_label(int n, Lang lang) {
  return lang == Lang::zh ? fmt::format("第 {} 次重传", n) : fmt::format("retx #{}", n);
}

std::vector<int> retransmit_numbers(const Layout& layout) {
  std::vector<int> n(layout.arrows.size(), 0);
  std::vector<int> count(layout.arrows.size(), 0);
  for (std::size_t i = 0; i < layout.arrows.size(); ++i) {
    auto orig = layout.arrows[i].retransmit_of;
    if (orig != kNoIndex && orig < count.size()) n[i] = ++count[orig];
  }
  return n;
}

std::string axis_label(Micros t) {
  if (t < kMicrosPerSec) return fmt::format("{:g} ms", static_cast<double>(t) / 1e3);
  return fmt::format("{:g} s", static_cast<double>(t) / 1e6);
}

std::vector<std::pair<Micros, double>> axis_ticks(const Layout& layout, double min_spacing) {
  std::vector<std::pair<Micros, double>> ticks;
  auto emit = [&](Micros t, double y) {
    if (!ticks.empty() && (y - ticks.back().second < min_spacing || t <= ticks.back().first))
      return;
    ticks.emplace_back(t, y);
  };
  const auto& k = layout.time_marks;
  for (std::size_t i = 0; i + 1 < k.size(); ++i) {
    auto [t0, y0] = k[i];
    auto [t1, y1] = k[i + 1];
    emit(t0, y0);
    if (t1 <= t0 || y1 <= y0) continue;
    bool gap = false;
    for (const auto& g : layout.gaps) gap = gap || (g.from <= t0 && t1 <= g.to);
    if (gap) continue;
    double slope = (y1 - y0) / static_cast<double>(t1 - t0);  // units per microsecond
    // Smallest 1-2-5 step whose ticks are at least min_spacing apart.
    Micros decade = 1;
    Micros step = 1;
    for (int m = 0; static_cast<double>(step) * slope < min_spacing && m < 60; ++m) {
      static constexpr Micros kMantissa[] = {1, 2, 5};
      if (m % 3 == 2) decade *= 10;
      step = decade * kMantissa[(m + 1) % 3];
    }
    for (Micros t = (t0 / step + 1) * step; t < t1; t += step)
      emit(t, y0 + static_cast<double>(t - t0) * slope);
  }
  if (!k.empty()) emit(k.back().first, k.back().second);
  return ticks;
}

}  // namespace synack
