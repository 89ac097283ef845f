#include "app/draw/plot_model.hpp"

#include <fmt/format.h>

#include <cmath>

namespace synack {

bool ink_dashed(PlotInk ink) {
  return ink == PlotInk::ssthresh || ink == PlotInk::window || ink == PlotInk::peer_window;
}

std::vector<double> nice_ticks(double lo, double hi, double min_step) {
  std::vector<double> out;
  if (!(hi > lo) || !(min_step > 0)) return out;
  // The smallest of 1, 2, 5, 10 × 10^k that is at least min_step.
  const double magnitude = std::pow(10.0, std::floor(std::log10(min_step)));
  double step = 10 * magnitude;
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * magnitude >= min_step) {
      step = m * magnitude;
      break;
    }
  }
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  return out;
}

std::string tick_text(double value, double step, double unit) {
  const double v = value / unit, s = step / unit;
  int decimals = 0;
  while (decimals < 4 &&
         std::abs(s * std::pow(10.0, decimals) - std::round(s * std::pow(10.0, decimals))) > 1e-6) {
    ++decimals;
  }
  return fmt::format("{:.{}f}", v, decimals);
}

}  // namespace synack
