#pragma once
// Linux constants that are compiled into the kernel, not sysctls: each written once here.

#include "engine/time.hpp"

namespace synack {

inline constexpr Micros kInitialRto = kMicrosPerSec;      // RFC 6298 §2.1, TCP_TIMEOUT_INIT
inline constexpr Micros kMaxRto = 120 * kMicrosPerSec;    // TCP_RTO_MAX
inline constexpr Micros kJiffy = 4 * kMicrosPerMs;        // one tick at CONFIG_HZ=250
inline constexpr Micros kDelayedAck = 40 * kMicrosPerMs;  // TCP_DELACK_MIN
// PAWS (RFC 7323 §5): a timestamp may lag TS.Recent by this much (TCP_PAWS_WINDOW, in
// timestamp ticks) in an established connection; TS.Recent older than 24 days
// (TCP_PAWS_24DAYS) is not trusted; a RST is let through after an MSL (TCP_PAWS_MSL).
inline constexpr std::int32_t kPawsWindow = 1;
inline constexpr Micros kPaws24Days = 24LL * 24 * 3600 * kMicrosPerSec;
inline constexpr Micros kPawsMsl = 60 * kMicrosPerSec;

}  // namespace synack
