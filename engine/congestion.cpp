#include "congestion.hpp"

#include <algorithm>
#include <cmath>

#include "kernel_constants.hpp"

namespace synack {
namespace {

// tcp_cubic.c: beta = 717/1024 (0.7), C = bic_scale 41 * 10 / 1024 (0.4).
constexpr std::uint32_t kBetaScale = 1024;
constexpr std::uint32_t kBeta = 717;
constexpr std::uint64_t kCubeRttScale = 41 * 10;
constexpr int kBicHz = 10;  // time in 2^-10 s
// beta_scale = 8 * (1024 + 717) / 3 / (1024 - 717): the Reno-friendly growth rate.
constexpr std::uint32_t kFriendlyScale = 8 * (kBetaScale + kBeta) / 3 / (kBetaScale - kBeta);
constexpr Micros kHz32 = kMicrosPerSec / 32;  // HZ / 32: CUBIC recomputes at most this often

// tcp_slow_start(): cwnd grows by the segments ACKed, up to ssthresh; returns the rest.
std::uint32_t slow_start(Congestion& cc, std::uint32_t acked) {
  const std::uint32_t cwnd = std::min(cc.cwnd + acked, cc.ssthresh);
  acked -= cwnd - cc.cwnd;
  cc.cwnd = cwnd;
  return acked;
}

// tcp_cong_avoid_ai(): +1 segment for every `w` segments ACKed.
void additive_increase(Congestion& cc, std::uint32_t w, std::uint32_t acked) {
  if (cc.cwnd_cnt >= w) {
    cc.cwnd_cnt = 0;
    ++cc.cwnd;
  }
  cc.cwnd_cnt += acked;
  if (cc.cwnd_cnt >= w) {
    const std::uint32_t delta = cc.cwnd_cnt / w;
    cc.cwnd_cnt -= delta * w;
    cc.cwnd += delta;
  }
}

// bictcp_update(): how many ACKed segments make one more segment of cwnd.
void cubic_update(CubicState& ca, std::uint32_t cwnd, std::uint32_t acked, Micros now,
                  Micros min_rtt) {
  ca.ack_cnt += acked;
  if (ca.last_cwnd == cwnd && now - ca.last_time <= kHz32) return;
  const bool same_tick = ca.epoch_start >= 0 && now == ca.last_time;
  if (!same_tick) {
    ca.last_cwnd = cwnd;
    ca.last_time = now;
    if (ca.epoch_start < 0) {
      ca.epoch_start = now;
      ca.ack_cnt = acked;
      ca.tcp_cwnd = cwnd;
      if (ca.last_max_cwnd <= cwnd) {
        ca.k = 0;
        ca.origin_point = cwnd;
      } else {
        // K = cbrt(W_max (1 - beta) / C), in 2^-10 s: cube_factor = 2^40 / 410.
        const double cube_factor = std::ldexp(1.0, 10 + 3 * kBicHz) / kCubeRttScale;
        ca.k = static_cast<std::uint32_t>(std::cbrt(cube_factor * (ca.last_max_cwnd - cwnd)));
        ca.origin_point = ca.last_max_cwnd;
      }
    }
    // t = time since the epoch plus one minimum RTT: where the curve will be by the time
    // this window is ACKed. No RTT sample yet (every ACK was for a retransmission) counts
    // as 0, like Linux's delay_min before its first sample.
    const Micros rtt = min_rtt == kNever ? 0 : std::max<Micros>(min_rtt, 0);
    const Micros t_us = now - ca.epoch_start + rtt;
    const auto t = static_cast<std::uint64_t>((t_us << kBicHz) / kMicrosPerSec);
    const std::uint64_t offs = t < ca.k ? ca.k - t : t - ca.k;
    const std::uint64_t delta = (kCubeRttScale * offs * offs * offs) >> (10 + 3 * kBicHz);
    const std::uint64_t target = t < ca.k ? ca.origin_point - delta : ca.origin_point + delta;
    ca.cnt = target > cwnd ? static_cast<std::uint32_t>(cwnd / (target - cwnd)) : 100 * cwnd;
    if (ca.last_max_cwnd == 0 && ca.cnt > 20) ca.cnt = 20;  // no loss yet: 5 % per RTT at least
  }
  // The TCP-friendly region: never grow slower than Reno would.
  const std::uint32_t step = std::max<std::uint32_t>((cwnd * kFriendlyScale) >> 3, 1);
  while (ca.ack_cnt > step) {
    ca.ack_cnt -= step;
    ++ca.tcp_cwnd;
  }
  if (ca.tcp_cwnd > cwnd) {
    const std::uint32_t max_cnt = cwnd / (ca.tcp_cwnd - cwnd);
    ca.cnt = std::min(ca.cnt, max_cnt);
  }
  ca.cnt = std::max<std::uint32_t>(ca.cnt, 2);
}

}  // namespace

Reason cc_on_ack(Congestion& cc, std::uint32_t acked, Micros now, Micros min_rtt) {
  if (acked == 0) return {};
  const std::uint32_t before = cc.cwnd;
  if (cc.in_slow_start()) {
    acked = slow_start(cc, acked);
    if (acked == 0) return {Why::cwnd_slow_start, cc.cwnd, cc.ssthresh};
  }
  if (cc.algorithm == CcAlgorithm::reno) {
    additive_increase(cc, cc.cwnd, acked);
    if (cc.cwnd == before) return {};
    return {Why::cwnd_avoidance, cc.cwnd};
  }
  cubic_update(cc.cubic, cc.cwnd, acked, now, min_rtt);
  additive_increase(cc, cc.cubic.cnt, acked);
  if (cc.cwnd == before) return {};
  return {Why::cwnd_cubic, cc.cwnd, cc.cubic.last_max_cwnd};
}

std::uint32_t cc_ssthresh_after_loss(Congestion& cc) {
  if (cc.algorithm == CcAlgorithm::reno) return std::max<std::uint32_t>(cc.cwnd >> 1, 2);
  CubicState& ca = cc.cubic;
  ca.epoch_start = -1;
  // Fast convergence: a flow whose maximum keeps falling gives up more room.
  if (cc.cwnd < ca.last_max_cwnd) {
    ca.last_max_cwnd = cc.cwnd * (kBetaScale + kBeta) / (2 * kBetaScale);
  } else {
    ca.last_max_cwnd = cc.cwnd;
  }
  return std::max<std::uint32_t>(cc.cwnd * kBeta / kBetaScale, 2);
}

void cc_on_timeout(Congestion& cc) {
  if (cc.algorithm == CcAlgorithm::cubic) cc.cubic = CubicState{};
  cc.cwnd_cnt = 0;
}

}  // namespace synack
