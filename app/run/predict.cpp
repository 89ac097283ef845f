#include "app/run/predict.hpp"

#include <algorithm>

#include "engine/splitmix64.hpp"

namespace synack {
namespace {

// The same choices on every platform.
std::uint64_t mix(std::uint64_t& state) {
  return splitmix64_next(state);
}

constexpr std::uint8_t kSynAck = kSyn | kAck;
constexpr std::uint8_t kFinAck = kFin | kAck;
constexpr std::uint8_t kRstAck = kRst | kAck;
constexpr std::uint8_t kPshAck = kPsh | kAck;

// The mistakes students make for each answer: a missing or extra SYN/ACK, closing instead of
// acknowledging, resetting instead of answering.
std::vector<std::uint8_t> mistakes(std::uint8_t right) {
  if (right & kRst) return {kAck, kSynAck, kFinAck, kRst, kRstAck};
  if (right & kSyn) return {kSyn, kSynAck, kAck, kRstAck};
  if (right & kFin) return {kAck, kFin, kRstAck, kFinAck | kPsh, kFinAck};
  if (right & kPsh) return {kAck, kFinAck, kFinAck | kPsh, kPsh};
  return {kFinAck, kSynAck, kPshAck, kRstAck};
}

// The sender's state change caused by the same input as the send: on the same socket at the
// same instant, with no other segment of that host in between.
std::optional<std::size_t> tied_state(const Trace& trace, std::size_t send) {
  const Event& s = trace.events[send];
  auto same_socket_state = [&](const Event& e) {
    return e.type == EventType::state && e.host == s.host && e.conn == s.conn;
  };
  auto boundary = [&](const Event& e) {
    return e.host == s.host && (e.type == EventType::send || e.type == EventType::recv);
  };
  for (std::size_t j = send; j-- > 0;) {
    const Event& e = trace.events[j];
    if (e.t != s.t || boundary(e)) break;
    if (same_socket_state(e)) return j;
  }
  for (std::size_t j = send + 1; j < trace.events.size(); ++j) {
    const Event& e = trace.events[j];
    if (e.t != s.t || boundary(e)) break;
    if (same_socket_state(e)) return j;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> next_predictable_send(const TraceIndex& index, std::size_t from_event) {
  const auto sends = index.send_events();
  for (auto it = std::lower_bound(sends.begin(), sends.end(), from_event); it != sends.end();
       ++it) {
    if (!is_attacker_event(index.trace().events[*it])) return *it;
  }
  return std::nullopt;
}

std::optional<Prediction> make_prediction(const TraceIndex& index, std::size_t from_event,
                                          std::uint64_t seed) {
  const Trace& trace = index.trace();
  if (const auto send = next_predictable_send(index, from_event)) {
    const std::size_t i = *send;
    const Event& e = trace.events[i];
    const SegmentRecord& r = trace.segments[e.segment];
    Prediction p;
    p.send_event = i;
    p.ask_before = i;
    if (auto st = tied_state(trace, i)) {
      p.next_state = trace.events[*st].to;
      p.ask_before = std::min(i, *st);
    }
    if (r.seg.has(kAck)) p.ack = r.rel_ack;

    std::uint64_t rng = seed ^ (static_cast<std::uint64_t>(i) * 0x100000001b3ULL);
    std::vector<std::uint8_t> pool = mistakes(r.seg.flags);
    pool.erase(std::remove(pool.begin(), pool.end(), r.seg.flags), pool.end());
    for (std::size_t k = pool.size(); k > 1; --k) std::swap(pool[k - 1], pool[mix(rng) % k]);
    pool.resize(std::min<std::size_t>(pool.size(), 3));
    p.right_flags = static_cast<std::size_t>(mix(rng) % (pool.size() + 1));
    pool.insert(pool.begin() + static_cast<std::ptrdiff_t>(p.right_flags), r.seg.flags);
    for (std::uint8_t f : pool) p.flag_choices.push_back(flags_to_string(f));
    return p;
  }
  return std::nullopt;
}

PredictResult check_prediction(const Trace& trace, const Prediction& p, const PredictAnswer& a,
                               Lang lang) {
  PredictResult result;
  result.flags_right = a.flags == p.right_flags;
  result.ack_right = a.ack == p.ack;
  result.state_right = a.next_state == p.next_state;
  if (p.send_event < trace.events.size()) {
    result.explanation = describe(trace.events[p.send_event].reason, lang);
  }
  return result;
}

}  // namespace synack
