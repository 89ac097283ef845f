#pragma once
// Congestion control as Linux does it (tcp_cong.c, tcp_cubic.c), counted in segments:
// the initial window, slow start, congestion avoidance by Reno or CUBIC, and the ssthresh a
// loss leaves. When a loss is detected and how recovery paces the sender (PRR, the loss
// window after an RTO) is tcp_recovery.cpp; this file only says how cwnd grows and shrinks.

#include <cstdint>

#include "reason.hpp"
#include "time.hpp"
#include "trace_event.hpp"

namespace synack {

// tcp_congestion_control, per host.
enum class CcAlgorithm : std::uint8_t { reno, cubic };

inline constexpr std::uint32_t kInitialCwnd = 10;  // RFC 6928, Linux TCP_INIT_CWND

// CUBIC's state (RFC 9438 §4), with Linux's integer units: K in 2^-10 s.
struct CubicState {
  std::uint32_t last_max_cwnd = 0;  // W_max after fast convergence
  std::uint32_t last_cwnd = 0;
  Micros last_time = -1;
  Micros epoch_start = -1;  // -1: no epoch yet (the next ACK in avoidance starts one)
  std::uint32_t origin_point = 0;
  std::uint32_t k = 0;
  std::uint32_t cnt = 0;  // ACKed segments per +1 of cwnd
  std::uint32_t ack_cnt = 0;
  std::uint32_t tcp_cwnd = 0;  // what Reno would have (the TCP-friendly region)
};

struct Congestion {
  CcAlgorithm algorithm = CcAlgorithm::cubic;
  std::uint32_t cwnd = kInitialCwnd;
  std::uint32_t ssthresh = kInfiniteSsthresh;
  std::uint32_t cwnd_cnt = 0;  // segments ACKed towards the next +1 in avoidance
  CubicState cubic;

  bool in_slow_start() const { return cwnd < ssthresh; }
};

// An ACK delivered `acked` segments while the sender was using its window: grows cwnd and
// says why (Why::none when it did not grow). `min_rtt` is the lowest RTT seen.
Reason cc_on_ack(Congestion& cc, std::uint32_t acked, Micros now, Micros min_rtt);
// The slow-start threshold after a loss (Reno: half; CUBIC: 0.7, and W_max remembered).
std::uint32_t cc_ssthresh_after_loss(Congestion& cc);
// An RTO: CUBIC forgets its epoch and W_max (Linux bictcp_state(TCP_CA_Loss)).
void cc_on_timeout(Congestion& cc);

}  // namespace synack
