#include "app/draw/trace_labels.hpp"

#include <fmt/format.h>

#include <bit>

namespace synack {

std::string format_time(Micros t) {
  if (t < kMicrosPerSec) return fmt::format("{:.3f} ms", static_cast<double>(t) / 1e3);
  return fmt::format("{:.3f} s", static_cast<double>(t) / 1e6);
}

std::string format_gap(Micros gap) {
  return fmt::format("{:.1f} s", static_cast<double>(gap) / 1e6);
}

std::string segment_label(const SegmentRecord& rec) {
  const Segment& s = rec.seg;
  std::string flags = flags_to_string(s.flags);
  if (flags.empty()) flags = "(no flags)";
  if (rec.frag.fragmented()) {
    // One IP fragment: the segment it belongs to, and the share of it this piece carries.
    return fmt::format("frag {}/{} seq={}:{} ({} B)", rec.frag.index + 1, rec.frag.count,
                       rec.rel_seq, rec.rel_seq + s.len, rec.frag.len);
  }
  if (!s.has(kAck)) return fmt::format("{} seq={} len={}", flags, rec.rel_seq, s.len);
  std::string label =
      fmt::format("{} seq={} ack={} len={}", flags, rec.rel_seq, rec.rel_ack, s.len);
  // SACK blocks, relative like ack: a first block below ack is a D-SACK (RFC 2883).
  for (std::uint8_t i = 0; i < s.opt.sack_count; ++i) {
    label += fmt::format("{}{}:{}", i == 0 ? " sack " : ",", s.opt.sack[i].left - rec.sack_base,
                         s.opt.sack[i].right - rec.sack_base);
  }
  return label;
}

std::string app_label(const Event& e) {
  std::string name =
      e.call == AppCall::abort ? "close(linger=0)" : fmt::format("{}()", app_call_name(e.call));
  if (e.result == AppResult::blocked) return name + " ...";
  if (e.result == AppResult::ok) {
    if (e.call == AppCall::send || e.call == AppCall::recv) {
      return fmt::format("{} = {}", name, e.value);
    }
    if (e.call == AppCall::connect && e.value != 0) {
      return fmt::format("{} = ok, port {}", name, e.value);  // the ephemeral port it got
    }
    return name + " = ok";
  }
  return fmt::format("{} = {}", name, app_result_name(e.result));
}

std::string AddrRange::str() const {
  if (!first_) return "";
  const int len = std::countl_zero(diff_);
  if (len == 32) return addr_to_string(*first_);
  const Addr mask = len == 0 ? 0 : ~Addr{0} << (32 - len);
  return fmt::format("{}/{}", addr_to_string(*first_ & mask), len);
}

}  // namespace synack
