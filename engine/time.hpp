#pragma once
// Virtual time. The engine never reads a wall clock: every timestamp is a count of
// microseconds since the start of the simulated run.

#include <cstdint>
#include <limits>

namespace synack {

using Micros = std::int64_t;

inline constexpr Micros kMicrosPerMs = 1000;
inline constexpr Micros kMicrosPerSec = 1000 * 1000;
inline constexpr Micros kNever = std::numeric_limits<Micros>::max();

constexpr Micros from_ms(double ms) {
  return static_cast<Micros>(ms * 1000.0 + (ms >= 0 ? 0.5 : -0.5));
}
constexpr Micros from_sec(double s) {
  return from_ms(s * 1000.0);
}
constexpr double to_ms(Micros t) {
  return static_cast<double>(t) / 1000.0;
}

}  // namespace synack
