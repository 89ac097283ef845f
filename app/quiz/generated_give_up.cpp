// Give-up time: how long a side keeps retransmitting before it gives up, read from the trace.
#include <fmt/format.h>

#include <algorithm>

#include "app/quiz/generated_kinds.hpp"

namespace synack::gen {
namespace {

// The sysctl that bounds each kind of giving up, and a range a student can still work out.
// tcp_orphan_retries starts at 1: 0 means "8" in Linux, a trap of its own.
const std::vector<GiveUpRule>& rules() {
  static const std::vector<GiveUpRule> kRules = {
      {Why::syn_gave_up, Knob::tcp_syn_retries, 1, 6, {"connect() fails", "connect() 失败"}},
      {Why::synack_gave_up,
       Knob::tcp_synack_retries,
       1,
       5,
       {"it drops the half-open request", "丢弃半连接请求"}},
      {Why::request_expired,
       Knob::tcp_synack_retries,
       1,
       5,
       {"it drops the half-open request", "丢弃半连接请求"}},
      {Why::orphan_retries_exhausted,
       Knob::tcp_orphan_retries,
       1,
       5,
       {"it closes the orphaned socket", "关闭这个孤儿套接字"}},
      {Why::retries_exhausted, Knob::tcp_retries2, 3, 8, {"it aborts the connection", "中止连接"}},
      {Why::rst_keepalive_dead,
       Knob::tcp_keepalive_probes,
       1,
       9,
       {"it declares the peer dead", "判定对端已死"}},
  };
  return kRules;
}

std::optional<std::size_t> first_event(const Trace& trace, Why why, std::uint16_t host) {
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    if (e.reason.why == why && e.host == host) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> send_of(const Trace& trace, std::uint32_t segment) {
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    if (e.type == EventType::send && e.segment == segment) return i;
  }
  return std::nullopt;
}

// Every transmission the side made of what it gave up on: the keepalive probes, or the
// first transmission and the retransmissions of its last retransmitted segment.
std::vector<std::size_t> attempts(const Trace& trace, std::size_t give_up) {
  const Event& g = trace.events[give_up];
  std::vector<std::size_t> out;
  if (g.reason.why == Why::rst_keepalive_dead) {
    for (std::size_t i = 0; i < give_up; ++i) {
      const Event& e = trace.events[i];
      if (e.type == EventType::send && e.host == g.host && e.reason.why == Why::keepalive_probe)
        out.push_back(i);
    }
    return out;
  }
  std::uint32_t original = kNoIndex;
  for (std::size_t i = give_up; i-- > 0;) {
    const Event& e = trace.events[i];
    if (e.type == EventType::send && e.host == g.host && e.segment < trace.segments.size() &&
        trace.segments[e.segment].retransmit_of != kNoIndex) {
      original = trace.segments[e.segment].retransmit_of;
      break;
    }
  }
  if (original == kNoIndex) return out;
  if (auto first = send_of(trace, original)) out.push_back(*first);
  for (std::size_t i = 0; i < give_up; ++i) {
    const Event& e = trace.events[i];
    if (e.type == EventType::send && e.segment < trace.segments.size() &&
        trace.segments[e.segment].retransmit_of == original)
      out.push_back(i);
  }
  return out;
}

std::string seconds(Micros t) {
  return short_time(t);
}

}  // namespace

std::optional<std::pair<GiveUpRule, std::uint16_t>> find_give_up_rule(const Trace& trace) {
  for (const Event& e : trace.events) {
    for (const GiveUpRule& r : rules()) {
      if (e.reason.why == r.why) return std::make_pair(r, e.host);
    }
  }
  return std::nullopt;
}

std::optional<Asked> ask_give_up(const Trace& trace, const GiveUpRule& rule, std::uint16_t host,
                                 int value) {
  const auto give_up = first_event(trace, rule.why, host);
  if (!give_up) return std::nullopt;
  const std::vector<std::size_t> tries = attempts(trace, *give_up);
  if (tries.size() < 2) return std::nullopt;  // the student needs the first timeout to see
  // Only a side busy with this one segment makes a fair question (not a flooded listener).
  for (std::size_t i = tries.front(); i < *give_up; ++i) {
    const Event& e = trace.events[i];
    if (e.type == EventType::send && e.host == host &&
        std::find(tries.begin(), tries.end(), i) == tries.end())
      return std::nullopt;
  }
  const Event& g = trace.events[*give_up];
  const Event& first = trace.events[tries[0]];
  const SegmentRecord& r = trace.segments[first.segment];
  const std::string name = trace.host_name(host);
  const std::string flags = flags_to_string(r.seg.flags);
  const bool probes = rule.why == Why::rst_keepalive_dead;

  // Show up to the second transmission (and its loss, if already known then).
  std::size_t shown = tries[1] + 1;
  while (shown < trace.events.size() && trace.events[shown].type == EventType::drop &&
         trace.events[shown].segment == trace.events[tries[1]].segment)
    ++shown;

  Asked a;
  a.step = *give_up;
  a.right_number = static_cast<double>(g.t - first.t) / kMicrosPerSec;
  const LocalizedText past = history_block(trace, shown, 4);
  const LocalizedText what = probes ? LocalizedText{"the first keepalive probe", "第一个保活探测"}
                                    : LocalizedText{"the first " + flags, "第一个 " + flags};
  a.question = {
      fmt::format("This run uses {} = {}.\n", knob_info(rule.knob).name, value) + past.en +
          fmt::format("No answer gets through from now on. How many seconds after {} (t={}) "
                      "does the {} give up, that is, {}?",
                      what.en, short_time(first.t), name, rule.what.en),
      fmt::format("本次运行 {} = {}。\n", knob_info(rule.knob).name, value) + past.zh +
          fmt::format("此后没有任何回应能到达。从{}（t={}）算起，{} 过多少秒后放弃（{}）？",
                      what.zh, short_time(first.t), name, rule.what.zh)};

  std::string times;
  for (std::size_t i : tries) times += (times.empty() ? "" : ", ") + seconds(trace.events[i].t);
  const std::string answer = short_time(g.t - first.t);
  a.explanation = {
      fmt::format("The {} sent at t = {}, then gave up at t={}: {} after the first. {}.", name,
                  times, seconds(g.t), answer, describe(g.reason, Lang::en)),
      fmt::format("{} 在 t = {} 发送，随后在 t={} 放弃：距第一次 {}。{}。", name, times,
                  seconds(g.t), answer, describe(g.reason, Lang::zh))};
  return a;
}

}  // namespace synack::gen
