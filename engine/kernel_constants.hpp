#pragma once
// Linux constants that are compiled into the kernel, not sysctls: each written once here.

#include "engine/time.hpp"

namespace synack {

inline constexpr Micros kInitialRto = kMicrosPerSec;      // RFC 6298 §2.1, TCP_TIMEOUT_INIT
inline constexpr Micros kMaxRto = 120 * kMicrosPerSec;    // TCP_RTO_MAX
inline constexpr Micros kJiffy = 4 * kMicrosPerMs;        // one tick at CONFIG_HZ=250
inline constexpr Micros kDelayedAck = 40 * kMicrosPerMs;  // TCP_DELACK_MIN

}  // namespace synack
