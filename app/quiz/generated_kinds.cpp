#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "app/draw/trace_labels.hpp"
#include "app/quiz/generated_kinds.hpp"
#include "app/run/predict.hpp"

namespace synack::gen {
namespace {

bool plain_send(const Trace& trace, const Event& e) {
  return e.type == EventType::send && e.segment < trace.segments.size() && !is_attacker_event(e) &&
         !trace.segments[e.segment].frag.fragmented();
}

// A random event index among those `keep` accepts.
template <typename Keep>
std::optional<std::size_t> pick(const Trace& trace, Rng& rng, Keep keep) {
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    if (keep(trace.events[i])) candidates.push_back(i);
  }
  if (candidates.empty()) return std::nullopt;
  return candidates[rng.next() % candidates.size()];
}

bool listener(const Trace& trace, std::uint16_t host, std::uint32_t conn) {
  return std::any_of(trace.events.begin(), trace.events.end(), [&](const Event& x) {
    return x.type == EventType::state && x.host == host && x.conn == conn &&
           x.to == TcpState::LISTEN;
  });
}

// "client", "server's listening socket", or "server (socket 3)" when the host has several
// connections: the question must say which one.
LocalizedText who(const Trace& trace, const Event& e) {
  const std::string& name = trace.host_name(e.host);
  if (listener(trace, e.host, e.conn))
    return {name + "'s listening socket", name + " 的监听套接字"};
  std::set<std::uint32_t> conns;
  for (const Event& x : trace.events) {
    if (x.host == e.host && x.type == EventType::state && !listener(trace, e.host, x.conn))
      conns.insert(x.conn);
  }
  if (conns.size() < 2) return {name, name};
  return {fmt::format("{} (socket {})", name, e.conn),
          fmt::format("{}（套接字 {}）", name, e.conn)};
}

std::string flags_name(std::uint8_t flags) {
  std::string s = flags_to_string(flags);
  return s.empty() ? "(no flags)" : s;
}

LocalizedText choice_text(const std::string& flags) {
  return {flags, flags == "(no flags)" ? "（无标志）" : flags};
}

// The 3 wrong states students pick for a change out of `from`: its other ways out first.
std::vector<TcpState> state_mistakes(TcpState from) {
  using S = TcpState;
  switch (from) {
    case S::CLOSED:
      return {S::LISTEN, S::SYN_SENT, S::SYN_RECEIVED, S::ESTABLISHED};
    case S::LISTEN:
      return {S::SYN_RECEIVED, S::SYN_SENT, S::ESTABLISHED, S::CLOSED};
    case S::SYN_SENT:
      return {S::ESTABLISHED, S::SYN_RECEIVED, S::CLOSED, S::LISTEN};
    case S::SYN_RECEIVED:
      return {S::ESTABLISHED, S::CLOSED, S::LISTEN, S::FIN_WAIT_1};
    case S::ESTABLISHED:
      return {S::FIN_WAIT_1, S::CLOSE_WAIT, S::CLOSED, S::LAST_ACK};
    case S::FIN_WAIT_1:
      return {S::FIN_WAIT_2, S::CLOSING, S::TIME_WAIT, S::CLOSED};
    case S::FIN_WAIT_2:
      return {S::TIME_WAIT, S::CLOSED, S::CLOSING, S::LAST_ACK};
    case S::CLOSE_WAIT:
      return {S::LAST_ACK, S::CLOSED, S::FIN_WAIT_1, S::TIME_WAIT};
    case S::CLOSING:
      return {S::TIME_WAIT, S::CLOSED, S::FIN_WAIT_2, S::LAST_ACK};
    case S::LAST_ACK:
      return {S::CLOSED, S::TIME_WAIT, S::CLOSING, S::FIN_WAIT_2};
    case S::TIME_WAIT:
      return {S::CLOSED, S::ESTABLISHED, S::FIN_WAIT_2, S::LISTEN};
  }
  return {};
}

// What made `host` change state at event `state`: the segment it received, the call it made
// or the timer that fired, at the same instant. A call is logged once it returns, so it may
// come just after the change. nullopt if nothing visible.
std::optional<std::size_t> trigger_of(const Trace& trace, std::size_t state) {
  const Event& s = trace.events[state];
  for (std::size_t j = state; j-- > 0;) {
    const Event& e = trace.events[j];
    if (e.t != s.t) break;
    if (e.host != s.host) continue;
    if (e.type == EventType::recv || e.type == EventType::app) return j;
    if (e.type == EventType::timer && e.action == TimerAction::fired) return j;
  }
  for (std::size_t j = state + 1; j < trace.events.size(); ++j) {
    const Event& e = trace.events[j];
    if (e.t != s.t || (e.host == s.host && e.type == EventType::recv)) break;
    if (e.host == s.host && e.type == EventType::app) return j;
  }
  return std::nullopt;
}

LocalizedText trigger_text(const Trace& trace, const Event& e) {
  if (e.type == EventType::recv && e.segment < trace.segments.size()) {
    const std::string label = segment_label(trace.segments[e.segment]);
    return {"receives " + label, "收到 " + label};
  }
  if (e.type == EventType::app) {
    const std::string call = std::string(app_call_name(e.call)) + "()";
    return {"calls " + call, "调用 " + call};
  }
  const std::string timer(timer_name(e.timer));
  return {"finds its " + timer + " timer expired", "的 " + timer + " 定时器到期"};
}

}  // namespace

std::optional<Asked> ask_next_segment(const Trace& trace, Rng& rng) {
  const auto at = pick(trace, rng, [&](const Event& e) { return plain_send(trace, e); });
  if (!at) return std::nullopt;
  const auto p = make_prediction(TraceIndex(trace), *at, rng.next());
  if (!p || p->send_event != *at) return std::nullopt;
  const Event& e = trace.events[*at];
  const SegmentRecord& r = trace.segments[e.segment];
  const LocalizedText host = who(trace, e);
  const std::string t = short_time(e.t);

  Asked a;
  a.step = *at;
  const LocalizedText past = history_block(trace, p->ask_before, 4);
  a.question = {
      past.en + fmt::format("At t={} the {} sends the next segment. Which flags does "
                            "it carry?",
                            t, host.en),
      past.zh + fmt::format("在 t={}，{} 发出下一个报文段。它带有哪些标志位？", t, host.zh)};
  for (const std::string& f : p->flag_choices) a.choices.push_back(choice_text(f));
  a.right_choices = {static_cast<int>(p->right_flags) + 1};
  const std::string label = segment_label(r);
  a.explanation = {
      fmt::format("The {} sends {}: {}.", host.en, label, describe(e.reason, Lang::en)),
      fmt::format("{} 发出 {}：{}。", host.zh, label, describe(e.reason, Lang::zh))};
  if (p->next_state) {
    const std::string_view st = state_name(*p->next_state);
    a.explanation.en += fmt::format(" At the same moment it enters {}.", st);
    a.explanation.zh += fmt::format("同一时刻它进入 {}。", st);
  }
  return a;
}

std::optional<Asked> ask_next_ack(const Trace& trace, Rng& rng) {
  const auto at = pick(trace, rng, [&](const Event& e) {
    return plain_send(trace, e) && trace.segments[e.segment].seg.has(kAck);
  });
  if (!at) return std::nullopt;
  const auto p = make_prediction(TraceIndex(trace), *at, rng.next());
  if (!p || p->send_event != *at || !p->ack) return std::nullopt;
  const Event& e = trace.events[*at];
  const SegmentRecord& r = trace.segments[e.segment];
  const LocalizedText host = who(trace, e);
  const std::string to = r.to_host == kNoHost ? "?" : trace.host_name(r.to_host);
  const std::string flags = flags_name(r.seg.flags);
  const std::string t = short_time(e.t);

  Asked a;
  a.step = *at;
  a.right_number = *p->ack;
  const LocalizedText past = history_block(trace, p->ask_before, 4);
  a.question = {
      past.en + fmt::format("At t={} the {} sends {} to {}. What is its relative acknowledgment "
                            "number (ack=)?",
                            t, host.en, flags, to),
      past.zh + fmt::format("在 t={}，{} 向 {} 发出 {}。它的相对确认号（ack=）是多少？", t, host.zh,
                            to, flags)};
  const std::string label = segment_label(r);
  a.explanation = {
      fmt::format("The {} sends {}: ack={} is the next byte it expects from {} (each byte, SYN "
                  "and FIN received in order counts one). {}.",
                  host.en, label, *p->ack, to, describe(e.reason, Lang::en)),
      fmt::format("{} 发出 {}：ack={} 是它期望从 {} 收到的下一个字节（按序收到的每个字节、SYN "
                  "和 FIN 各占一个序号）。{}。",
                  host.zh, label, *p->ack, to, describe(e.reason, Lang::zh))};
  return a;
}

std::optional<Asked> ask_next_state(const Trace& trace, Rng& rng) {
  const auto at =
      pick(trace, rng, [](const Event& e) { return e.type == EventType::state && e.from != e.to; });
  if (!at) return std::nullopt;
  const Event& e = trace.events[*at];
  // Ask before the segments sent at the same instant for the same reason: they give it away.
  std::size_t ask = *at;
  while (ask > 0) {
    const Event& b = trace.events[ask - 1];
    if (b.t != e.t || b.host != e.host) break;
    if (b.type != EventType::send && b.type != EventType::timer) break;
    --ask;
  }
  const LocalizedText host = who(trace, e);
  const std::string t = short_time(e.t);
  const auto trigger = trigger_of(trace, *at);
  LocalizedText how = {"changes state", "状态改变"};
  if (trigger) how = trigger_text(trace, trace.events[*trigger]);
  const std::string_view from = state_name(e.from);

  Asked a;
  a.step = *at;
  const LocalizedText past = history_block(trace, ask, 4);
  a.question = {past.en + fmt::format("At t={} the {} (in {}) {}. Which state does it enter?", t,
                                      host.en, from, how.en),
                past.zh + fmt::format("在 t={}，处于 {} 的 {} {}。它进入哪个状态？", t, from,
                                      host.zh, how.zh)};

  std::vector<TcpState> pool = state_mistakes(e.from);
  pool.erase(std::remove(pool.begin(), pool.end(), e.to), pool.end());
  for (std::size_t k = pool.size(); k > 1; --k) std::swap(pool[k - 1], pool[rng.next() % k]);
  pool.resize(std::min<std::size_t>(pool.size(), 3));
  const auto right = static_cast<std::size_t>(rng.next() % (pool.size() + 1));
  pool.insert(pool.begin() + static_cast<std::ptrdiff_t>(right), e.to);
  for (TcpState s : pool)
    a.choices.push_back({std::string(state_name(s)), std::string(state_name(s))});
  a.right_choices = {static_cast<int>(right) + 1};

  const std::string_view to = state_name(e.to);
  a.explanation = {
      fmt::format("The {} goes {} → {}: {}.", host.en, from, to, describe(e.reason, Lang::en)),
      fmt::format("{} 从 {} 进入 {}：{}。", host.zh, from, to, describe(e.reason, Lang::zh))};
  // A bare "state changed" says nothing: then the cause is the reason.
  const bool bare = e.reason.why == Why::state_change || e.reason.why == Why::none;
  if (bare && trigger) {
    const Reason& why = trace.events[*trigger].reason;
    a.explanation.en += " (" + describe(why, Lang::en) + ")";
    a.explanation.zh += "（" + describe(why, Lang::zh) + "）";
  }
  return a;
}

}  // namespace synack::gen
