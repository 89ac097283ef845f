// Flow and congestion control: questions about cwnd, ssthresh and the windows a run's
// window events and segments show. Every answer is a number of the trace; a question is only
// asked where the facts it states are enough to work the answer out.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "app/quiz/generated_kinds.hpp"

namespace synack::gen {
namespace {

using ConnKey = std::pair<std::uint16_t, std::uint32_t>;  // host, connection id

// A sysctl's value for one host of the run: its own override, else the run's value.
std::int64_t sysctl_of(const Trace& trace, std::uint16_t host, std::string_view name) {
  if (host < trace.hosts.size()) {
    for (const auto& [n, v] : trace.hosts[host].sysctl_overrides) {
      if (n == name) return v[0];
    }
  }
  for (const auto& [n, v] : trace.sysctls) {
    if (n == name) return v[0];
  }
  return 0;
}

bool cubic(const Trace& trace, std::uint16_t host) {
  return sysctl_of(trace, host, "tcp_congestion_control") == 1;
}

std::string algorithm_name(bool is_cubic) {
  return is_cubic ? "cubic" : "reno";
}

std::string algorithm_title(bool is_cubic) {
  return is_cubic ? "CUBIC" : "Reno";
}

// What ssthresh becomes after a loss, as each algorithm computes it from cwnd.
std::uint32_t ssthresh_after(bool is_cubic, std::uint32_t cwnd) {
  return std::max<std::uint32_t>(is_cubic ? cwnd * 717 / 1024 : cwnd / 2, 2);
}

LocalizedText ssthresh_formula(bool is_cubic, std::uint32_t cwnd) {
  const std::uint32_t s = ssthresh_after(is_cubic, cwnd);
  if (is_cubic)
    return {fmt::format("0.7 × cwnd = {} × 717 / 1024 = {}", cwnd, s),
            fmt::format("0.7 × cwnd = {} × 717 / 1024 = {}", cwnd, s)};
  return {fmt::format("cwnd / 2 = {} / 2 = {}", cwnd, s),
          fmt::format("cwnd / 2 = {} / 2 = {}", cwnd, s)};
}

LocalizedText ssthresh_text(std::uint32_t ssthresh) {
  if (ssthresh >= kInfiniteSsthresh)
    return {"is not set yet (no loss so far: Linux's \"infinite\")",
            "还没有设置（至今没有丢包，即 Linux 的“无穷大”）"};
  return {fmt::format("is {}", ssthresh), fmt::format("为 {}", ssthresh)};
}

LocalizedText plural_segments(std::uint32_t n) {
  return {fmt::format("{} segment{}", n, n == 1 ? "" : "s"), fmt::format("{} 个报文段", n)};
}

// "2 more segments", "1 more segment".
LocalizedText more_segments(std::uint32_t n) {
  return {fmt::format("{} more segment{}", n, n == 1 ? "" : "s"), fmt::format("{} 个报文段", n)};
}

// 3 distinct wrong numbers from `wrong` (most plausible first; the answer, negatives and
// repeats skipped) and the answer, in ascending order. nullopt when fewer than 3 are left.
std::optional<std::pair<std::vector<std::int64_t>, int>> number_choices(
    std::int64_t right, const std::vector<std::int64_t>& wrong) {
  std::vector<std::int64_t> picked;
  for (std::int64_t w : wrong) {
    if (w < 0 || w == right) continue;
    if (std::find(picked.begin(), picked.end(), w) != picked.end()) continue;
    picked.push_back(w);
    if (picked.size() == 3) break;
  }
  if (picked.size() < 3) return std::nullopt;
  picked.push_back(right);
  std::sort(picked.begin(), picked.end());
  const auto at = std::find(picked.begin(), picked.end(), right) - picked.begin();
  return std::make_pair(picked, static_cast<int>(at) + 1);
}

bool fill_numbers(Asked& a, std::int64_t right, const std::vector<std::int64_t>& wrong,
                  std::string_view unit_en, std::string_view unit_zh) {
  const auto choices = number_choices(right, wrong);
  if (!choices) return false;
  for (std::int64_t v : choices->first) {
    a.choices.push_back({fmt::format("{}{}", v, unit_en), fmt::format("{}{}", v, unit_zh)});
  }
  a.right_choices = {choices->second};
  a.right_number = static_cast<double>(right);
  return true;
}

// The right choice and up to 3 wrong ones (distinct texts; the first ones kept), shuffled.
void fill_texts(Asked& a, const LocalizedText& right, const std::vector<LocalizedText>& wrong,
                Rng& rng) {
  std::vector<LocalizedText> list;
  for (const LocalizedText& w : wrong) {
    if (w.en == right.en) continue;
    const bool seen =
        std::any_of(list.begin(), list.end(), [&](const LocalizedText& x) { return x.en == w.en; });
    if (seen) continue;
    list.push_back(w);
    if (list.size() == 3) break;
  }
  const auto at = static_cast<std::size_t>(rng.next() % (list.size() + 1));
  list.insert(list.begin() + static_cast<std::ptrdiff_t>(at), right);
  a.choices = std::move(list);
  a.right_choices = {static_cast<int>(at) + 1};
}

// The other direction of a connection: a segment of it in each direction share the pair of
// addresses, swapped.
bool reverse(const Segment& a, const Segment& b) {
  return a.src == b.dst && a.dst == b.src;
}

// The window scale `from` applies to the window fields it sends on the connection of `seg`
// (a segment it sent): its SYN's shift if both SYNs offered one, else 0.
int window_shift(const Trace& trace, const SegmentRecord& seg) {
  int own = -1;
  int other = -1;
  for (const SegmentRecord& r : trace.segments) {
    if (!r.seg.has(kSyn)) continue;
    if (r.seg.src == seg.seg.src && r.seg.dst == seg.seg.dst) own = r.seg.opt.wscale;
    if (reverse(r.seg, seg.seg)) other = r.seg.opt.wscale;
  }
  return own >= 0 && other >= 0 ? own : 0;
}

// The first data and FIN a host sent on a connection, in the order sent: the sequence space
// its peer's ACKs count.
struct Sent {
  std::uint32_t seq = 0;  // relative
  std::uint32_t end = 0;  // seq + payload (+1 for a FIN)
  bool fin = false;
};

// ---- cwnd after an ACK ----

struct GrowthAsk {
  std::size_t window = 0;  // the window event with the new cwnd
  std::size_t ack = 0;     // the recv event of the ACK that grew it
  std::size_t since = 0;   // the window event where cwnd became `before`
  std::uint32_t before = 0;
  std::uint32_t after = 0;
  std::uint32_t ssthresh = 0;
  std::uint32_t acked = 0;  // data segments newly acknowledged by the ACK
  std::uint32_t acked_bytes = 0;
  std::uint32_t ack_number = 0;
  bool avoidance = false;
  bool after_timeout = false;  // a retransmission timeout came before, on this connection
};

std::vector<GrowthAsk> growth_candidates(const Trace& trace) {
  std::map<ConnKey, std::size_t> last_window, since, last_ack;
  std::map<ConnKey, std::uint32_t> best_ack, ack_before;
  std::map<ConnKey, std::vector<Sent>> sent;
  std::set<ConnKey> timed_out;
  std::vector<GrowthAsk> out;
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    const ConnKey key{e.host, e.conn};
    if (e.type == EventType::send && e.segment < trace.segments.size()) {
      const SegmentRecord& r = trace.segments[e.segment];
      if (r.retransmit_of == kNoIndex && r.seg.len > 0 && !r.frag.fragmented())
        sent[key].push_back({r.rel_seq, r.rel_seq + r.seg.len, r.seg.has(kFin)});
      continue;
    }
    if (e.type == EventType::recv && e.segment < trace.segments.size()) {
      const SegmentRecord& r = trace.segments[e.segment];
      if (!r.seg.has(kAck) || r.seg.has(kSyn)) continue;
      ack_before[key] = best_ack.count(key) ? best_ack[key] : 1;
      best_ack[key] = std::max(best_ack.count(key) ? best_ack[key] : 1, r.rel_ack);
      last_ack[key] = i;
      continue;
    }
    if (e.type != EventType::window) continue;
    const auto prev = last_window.find(key);
    const bool grew = e.reason.why == Why::cwnd_slow_start || e.reason.why == Why::cwnd_avoidance;
    if (grew && prev != last_window.end() && last_ack.count(key)) {
      const Event& p = trace.events[prev->second];
      const std::size_t ack = last_ack[key];
      const Event& a = trace.events[ack];
      const std::uint32_t from = ack_before[key];
      const std::uint32_t to = trace.segments[a.segment].rel_ack;
      GrowthAsk g;
      g.window = i;
      g.ack = ack;
      g.since = since[key];
      g.before = p.cwnd;
      g.after = e.cwnd;
      g.ssthresh = p.ssthresh;
      g.ack_number = to;
      g.avoidance = e.reason.why == Why::cwnd_avoidance;
      g.after_timeout = timed_out.count(key) > 0;
      bool fin = false;
      std::set<std::uint32_t> counted;
      for (const Sent& s : sent[key]) {
        if (s.seq < from || s.end > to || !counted.insert(s.seq).second) continue;
        ++g.acked;
        g.acked_bytes += s.end - s.seq;
        fin = fin || s.fin;
      }
      // Only where the rule alone gives the engine's number from what the question states.
      const bool rule = g.avoidance
                            ? p.ssthresh <= p.cwnd && e.cwnd == p.cwnd + 1 && !cubic(trace, e.host)
                            : g.acked > 0 && e.cwnd == std::min(p.cwnd + g.acked, p.ssthresh);
      if (a.t == e.t && to > from && !fin && e.ssthresh == p.ssthresh && rule) out.push_back(g);
    }
    if (e.reason.why == Why::cwnd_loss) timed_out.insert(key);
    if (prev == last_window.end() || trace.events[prev->second].cwnd != e.cwnd) since[key] = i;
    last_window[key] = i;
  }
  return out;
}

}  // namespace

std::optional<Asked> ask_cwnd_after_ack(const Trace& trace, std::string_view topic, Rng& rng) {
  const std::vector<GrowthAsk> all = growth_candidates(trace);
  std::vector<GrowthAsk> avoidance, after_timeout;
  std::copy_if(all.begin(), all.end(), std::back_inserter(avoidance),
               [](const GrowthAsk& g) { return g.avoidance; });
  std::copy_if(all.begin(), all.end(), std::back_inserter(after_timeout),
               [](const GrowthAsk& g) { return g.after_timeout; });
  // A card about congestion avoidance or timeouts asks only about those; otherwise slow start
  // gives many more ACKs to ask about, so congestion avoidance gets half the turns.
  const bool ca = topic == "CC-03" || topic == "CC-04";
  const std::vector<GrowthAsk>& pool = ca                 ? avoidance
                                       : topic == "CC-05" ? after_timeout
                                       : !avoidance.empty() && rng.between(0, 1) == 0 ? avoidance
                                                                                      : all;
  if (pool.empty()) return std::nullopt;
  const GrowthAsk& g = pool[rng.next() % pool.size()];
  const Event& w = trace.events[g.window];
  const Event& ack = trace.events[g.ack];
  const std::string& host = trace.host_name(w.host);
  const LocalizedText ss = ssthresh_text(g.ssthresh);
  const LocalizedText segs = more_segments(g.acked);

  Asked a;
  a.step = g.window;
  LocalizedText window_note;
  if (g.avoidance) {
    const std::string t0 = short_time(trace.events[g.since].t);
    window_note = {
        fmt::format("; since cwnd became {} at t={}, a whole window of {} segments has now been "
                    "acknowledged",
                    g.before, t0, g.before),
        fmt::format("；自 cwnd 在 t={} 变为 {} 以来，到这个 ACK 为止已经确认了整整一个窗口（{} "
                    "个报文段）",
                    t0, g.before, g.before)};
  }
  const LocalizedText past = history_block(trace, g.ack, 4);
  a.question = {
      past.en + fmt::format("The {}'s cwnd is {} segments and its ssthresh {}. At t={} it "
                            "receives an ACK (ack={}) that acknowledges {} of its data ({} "
                            "bytes){}. What is the {}'s cwnd after this ACK, in segments?",
                            host, g.before, ss.en, short_time(ack.t), g.ack_number, segs.en,
                            g.acked_bytes, window_note.en, host),
      past.zh + fmt::format("{} 的 cwnd 为 {} 个报文段，ssthresh {}。在 t={}，它收到一个 "
                            "ACK（ack={}），新确认了它的 {}数据（{} 字节）{}。这个 ACK 之后 {} "
                            "的 cwnd 是多少个报文段？",
                            host, g.before, ss.zh, short_time(ack.t), g.ack_number, segs.zh,
                            g.acked_bytes, window_note.zh, host)};

  const std::int64_t b = g.before;
  const std::int64_t k = g.acked;
  std::vector<std::int64_t> wrong;
  if (g.avoidance) {
    wrong = {b + k, 2 * b, b, b + 2, b / 2};
  } else {
    wrong = {b + 1, 2 * b, b, b + k, b + 2 * k, std::int64_t{g.after} + 1};
  }
  if (!fill_numbers(a, g.after, wrong, "", "")) return std::nullopt;

  const std::string engine_en = describe(w.reason, Lang::en);
  const std::string engine_zh = describe(w.reason, Lang::zh);
  if (g.avoidance) {
    a.explanation = {
        fmt::format("cwnd {} is not below ssthresh {}, so the {} is in congestion avoidance. "
                    "Reno adds one segment for every window of segments acknowledged, not one "
                    "per segment: cwnd stays {} until {} segments have been acknowledged, then "
                    "becomes {}. Growing by {} here would be slow start; doubling happens only "
                    "over a round trip of slow start. The engine: {}.",
                    g.before, g.ssthresh, host, g.before, g.before, g.after, k, engine_en),
        fmt::format("cwnd {} 不小于 ssthresh {}，所以 {} 处于拥塞避免阶段。Reno 每确认一整个窗口"
                    "的报文段才给 cwnd 加一，而不是每个报文段加一：cwnd 保持 {}，直到确认满 {} "
                    "个报文段，才变为 {}。这里若加 {} 就成了慢启动；翻倍只在慢启动的一个往返"
                    "里发生。引擎的说明：{}。",
                    g.before, g.ssthresh, host, g.before, g.before, g.after, k, engine_zh)};
  } else if (g.after < g.before + g.acked) {
    a.explanation = {
        fmt::format("cwnd {} is below ssthresh {}: slow start, one more segment of cwnd for "
                    "each segment acknowledged. {} + {} would be {}, but slow start stops at "
                    "ssthresh, so cwnd becomes {}; from there congestion avoidance takes over. "
                    "The engine: {}.",
                    g.before, g.ssthresh, g.before, k, g.before + k, g.after, engine_en),
        fmt::format("cwnd {} 小于 ssthresh {}：处于慢启动，每确认一个报文段 cwnd 加一。{} + {} "
                    "本应是 {}，但慢启动到 ssthresh 为止，所以 cwnd 变为 {}；此后由拥塞避免接手。"
                    "引擎的说明：{}。",
                    g.before, g.ssthresh, g.before, k, g.before + k, g.after, engine_zh)};
  } else {
    a.explanation = {
        fmt::format("cwnd {} is below ssthresh: slow start adds one segment of cwnd for each "
                    "segment acknowledged, so {} + {} = {}. (Over a whole round trip that "
                    "doubles cwnd; a single ACK only adds what it acknowledges.) The engine: {}.",
                    g.before, g.before, k, g.after, engine_en),
        fmt::format("cwnd {} 小于 ssthresh：慢启动每确认一个报文段就给 cwnd 加一，所以 {} + {} = "
                    "{}。（整整一个往返下来 cwnd 翻倍；单个 ACK 只加它确认的数量。）引擎的说明："
                    "{}。",
                    g.before, g.before, k, g.after, engine_zh)};
  }
  return a;
}

namespace {

// ---- cwnd and ssthresh after a loss ----

// The retransmission sent at the loss event's instant: how the loss was found.
std::optional<std::size_t> resend_at(const Trace& trace, std::size_t event) {
  const Event& w = trace.events[event];
  for (std::size_t j = event; j-- > 0;) {
    const Event& e = trace.events[j];
    if (e.t != w.t) break;
    if (e.type == EventType::send && e.host == w.host && e.segment < trace.segments.size() &&
        trace.segments[e.segment].retransmit_of != kNoIndex)
      return j;
  }
  return std::nullopt;
}

struct LossAsk {
  std::size_t event = 0;  // recovery_enter or cwnd_loss
  std::size_t exit = 0;   // recovery_exit (fast recovery only)
  std::uint32_t cwnd_before = 0;
  std::uint32_t ssthresh_before = 0;
  std::uint32_t initial = 0;  // the connection's initial window
  bool timeout = false;
  std::optional<std::size_t> earlier;  // the connection's loss event before this one
};

std::vector<LossAsk> loss_candidates(const Trace& trace) {
  std::map<ConnKey, std::size_t> last_window;
  std::map<ConnKey, std::uint32_t> initial;
  std::map<ConnKey, LossAsk> pending;
  std::map<ConnKey, std::size_t> last_loss;
  std::vector<LossAsk> out;
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    if (e.type != EventType::window) continue;
    const ConnKey key{e.host, e.conn};
    const auto prev = last_window.find(key);
    const bool first = prev == last_window.end();
    const std::size_t before = first ? 0 : prev->second;
    last_window[key] = i;
    if (e.reason.why == Why::cwnd_initial) initial[key] = e.cwnd;
    if (first || !initial.count(key)) continue;
    const Event& p = trace.events[before];
    if (e.reason.why == Why::recovery_exit && pending.count(key)) {
      LossAsk l = pending[key];
      l.exit = i;
      out.push_back(l);
      pending.erase(key);
    }
    if (e.reason.why == Why::cwnd_loss) pending.erase(key);  // no exit of its own then
    const bool starts = e.reason.why == Why::cwnd_loss || e.reason.why == Why::recovery_enter;
    if (!starts) continue;
    std::optional<std::size_t> earlier;
    if (last_loss.count(key)) earlier = last_loss[key];
    last_loss[key] = i;
    if (!resend_at(trace, i)) continue;  // the question names the resent segment
    if (e.reason.why == Why::cwnd_loss) {
      out.push_back({i, 0, p.cwnd, p.ssthresh, initial[key], true, earlier});
    } else {
      const auto cwnd = static_cast<std::uint32_t>(e.reason.b);  // when the loss was found
      pending[key] = {i, 0, cwnd, p.ssthresh, initial[key], false, earlier};
    }
  }
  return out;
}

LocalizedText pair_text(std::uint32_t cwnd, std::uint32_t ssthresh) {
  if (ssthresh >= kInfiniteSsthresh)
    return {fmt::format("cwnd {}, ssthresh not set (infinite)", cwnd),
            fmt::format("cwnd {}，ssthresh 未设置（无穷大）", cwnd)};
  return {fmt::format("cwnd {}, ssthresh {}", cwnd, ssthresh),
          fmt::format("cwnd {}，ssthresh {}", cwnd, ssthresh)};
}

LocalizedText recovery_text(std::uint32_t ssthresh, std::uint32_t cwnd_at_end) {
  if (ssthresh >= kInfiniteSsthresh)
    return {fmt::format("ssthresh unchanged (not set); cwnd {} when recovery ends", cwnd_at_end),
            fmt::format("ssthresh 不变（未设置）；恢复结束时 cwnd {}", cwnd_at_end)};
  return {fmt::format("ssthresh {}; cwnd {} when recovery ends", ssthresh, cwnd_at_end),
          fmt::format("ssthresh {}；恢复结束时 cwnd {}", ssthresh, cwnd_at_end)};
}

}  // namespace

std::optional<Asked> ask_cwnd_after_loss(const Trace& trace, std::string_view topic, Rng& rng) {
  std::vector<LossAsk> pool = loss_candidates(trace);
  // A card about fast recovery asks about fast recovery, one about timeouts about timeouts.
  if (topic == "CC-04" || topic == "CC-05") {
    const bool timeout = topic == "CC-05";
    pool.erase(std::remove_if(pool.begin(), pool.end(),
                              [&](const LossAsk& l) { return l.timeout != timeout; }),
               pool.end());
  }
  if (pool.empty()) return std::nullopt;
  const LossAsk& l = pool[rng.next() % pool.size()];
  const Event& e = trace.events[l.event];
  const std::string& host = trace.host_name(e.host);
  const bool is_cubic = cubic(trace, e.host);
  const std::string algo = algorithm_name(is_cubic);
  const std::string title = algorithm_title(is_cubic);
  const std::uint32_t c = l.cwnd_before;
  const std::uint32_t s = e.ssthresh;
  const std::uint32_t other = ssthresh_after(!is_cubic, c);
  const LocalizedText before_ss = ssthresh_text(l.ssthresh_before);
  const auto resend = resend_at(trace, l.event);
  if (!resend) return std::nullopt;  // loss_candidates keeps only events with one
  const std::uint32_t seq = trace.segments[trace.events[*resend].segment].rel_seq;
  const std::size_t shown = *resend;
  const LocalizedText past = history_block(trace, shown, 4);
  // The formula, where the engine's number is what it gives (a repeated timeout keeps the
  // ssthresh an earlier one set).
  const bool formula = s == ssthresh_after(is_cubic, c);
  const LocalizedText f = ssthresh_formula(is_cubic, c);

  Asked a;
  a.step = l.event;
  if (!l.timeout) {
    const Event& exit = trace.events[l.exit];
    const std::int64_t recovery = sysctl_of(trace, e.host, "tcp_recovery");
    const Why found = trace.events[*resend].reason.why;
    LocalizedText how = {"it finds a segment lost", "它发现一个报文段丢失"};
    if (found == Why::fast_retransmit)
      how = {"the third duplicate ACK arrives", "第三个重复 ACK 到达"};
    if (found == Why::rack_retransmit)
      how = {"RACK decides, from the SACKed segments sent after it, that a segment is lost",
             "由 RACK 根据在它之后发出、已被 SACK 的报文段，判定一个报文段丢失"};
    const LocalizedText detection =
        recovery == 0
            ? LocalizedText{"loss is found by three duplicate ACKs", "靠三个重复 ACK 发现丢包"}
            : LocalizedText{"RACK finds losses by time", "RACK 按时间判定丢包"};
    a.question = {
        fmt::format("This run uses tcp_congestion_control = {} and tcp_recovery = {} ({}).\n", algo,
                    recovery, detection.en) +
            past.en +
            fmt::format("At t={} the {}'s cwnd is {} segments and its ssthresh {}, when {}; it "
                        "resends seq={} and fast recovery begins. What is ssthresh now, and "
                        "what is cwnd once the recovery is over?",
                        short_time(e.t), host, c, before_ss.en, how.en, seq),
        fmt::format("本次运行 tcp_congestion_control = {}，tcp_recovery = {}（{}）。\n", algo,
                    recovery, detection.zh) +
            past.zh +
            fmt::format("在 t={}，{} 的 cwnd 为 {} 个报文段，ssthresh {}，这时{}；它重传 seq={}，"
                        "快速恢复开始。现在 ssthresh 是多少？恢复结束时 cwnd 是多少？",
                        short_time(e.t), host, c, before_ss.zh, how.zh, seq)};
    const LocalizedText right = recovery_text(s, exit.cwnd);
    fill_texts(a, right,
               {recovery_text(other, other), recovery_text(s, 1),
                recovery_text(l.ssthresh_before, c), recovery_text(s, l.initial)},
               rng);
    a.right_number = exit.cwnd;
    const LocalizedText why_s =
        formula ? LocalizedText{fmt::format("{} sets ssthresh = {}", title, f.en),
                                fmt::format("{} 令 ssthresh = {}", title, f.zh)}
                : LocalizedText{fmt::format("{} sets ssthresh to {}", title, s),
                                fmt::format("{} 把 ssthresh 设为 {}", title, s)};
    a.explanation = {
        fmt::format("Duplicate ACKs and SACKs show that later segments still arrive, so the "
                    "sender cuts its window instead of starting over: {} (the other algorithm "
                    "would give {}). While the hole is repaired, proportional rate reduction "
                    "lowers cwnd step by step; once everything sent before the loss is "
                    "acknowledged, cwnd = ssthresh = {}. Only a timeout drops cwnd to 1. The "
                    "engine: {}; then {}.",
                    why_s.en, other, exit.cwnd, describe(e.reason, Lang::en),
                    describe(exit.reason, Lang::en)),
        fmt::format("重复 ACK 和 SACK 说明后面的报文段仍在到达，所以发送方只是削减窗口，而不是"
                    "从头开始：{}（换成另一种算法会是 {}）。修补空洞期间，按比例降速（PRR）逐步"
                    "降低 cwnd；丢包前发出的数据全部确认后，cwnd = ssthresh = {}。只有超时才会把 "
                    "cwnd 降到 1。引擎的说明：{}；随后{}。",
                    why_s.zh, other, exit.cwnd, describe(e.reason, Lang::zh),
                    describe(exit.reason, Lang::zh))};
    return a;
  }

  const std::uint32_t una = trace.segments[trace.events[shown].segment].rel_seq;
  // A timeout during the repair of an earlier loss keeps that loss's ssthresh: say so, or the
  // student could not tell.
  LocalizedText still;
  if (!formula && l.earlier) {
    const std::string t0 = short_time(trace.events[*l.earlier].t);
    still = {fmt::format(" It is still repairing the loss found at t={}, which set ssthresh to "
                         "{}.",
                         t0, l.ssthresh_before),
             fmt::format("它仍在修复 t={} 发现的那次丢包，那次把 ssthresh 设成了 {}。", t0,
                         l.ssthresh_before)};
  }
  a.question = {
      fmt::format("This run uses tcp_congestion_control = {}.\n", algo) + past.en +
          fmt::format("At t={} the {}'s retransmission timer expires: its oldest unacknowledged "
                      "segment, seq={}, is still missing. Its cwnd is {} segments and its "
                      "ssthresh {}.{} What are cwnd and ssthresh right after the timeout?",
                      short_time(e.t), host, una, c, before_ss.en, still.en),
      fmt::format("本次运行 tcp_congestion_control = {}。\n", algo) + past.zh +
          fmt::format("在 t={}，{} 的重传定时器到期：它最早未确认的报文段 seq={} 仍然没有被确认。"
                      "它的 cwnd 为 {} 个报文段，ssthresh {}。{}超时之后 cwnd 和 ssthresh "
                      "各是多少？",
                      short_time(e.t), host, una, c, before_ss.zh, still.zh)};
  const LocalizedText right = pair_text(e.cwnd, s);
  const std::uint32_t unchanged =
      l.ssthresh_before != s ? l.ssthresh_before : ssthresh_after(is_cubic, c);
  fill_texts(a, right,
             {pair_text(s, s), pair_text(e.cwnd, other), pair_text(l.initial, s),
              pair_text(e.cwnd, unchanged)},
             rng);
  a.right_number = e.cwnd;
  const LocalizedText why_s =
      formula
          ? LocalizedText{fmt::format("{} sets ssthresh from the window in use: {}", title, f.en),
                          fmt::format("{} 按当时使用的窗口设置 ssthresh：{}", title, f.zh)}
          : LocalizedText{fmt::format("ssthresh stays {}: the loss this timeout repeats had "
                                      "already lowered it, and Linux lowers it once per loss",
                                      s),
                          fmt::format("ssthresh 保持 {}：这次超时所针对的丢包之前已经把它降过了，"
                                      "Linux 对同一次丢包只降一次",
                                      s)};
  a.explanation = {
      fmt::format("A timeout means no ACK came back for a whole RTO: the ACK clock has stopped "
                  "and the sender no longer knows what is in the network. {}; cwnd falls to {} "
                  "and every outstanding segment counts as lost; slow start climbs back to "
                  "ssthresh. Halving cwnd instead is what fast recovery does after duplicate "
                  "ACKs. The engine: {}.",
                  why_s.en, plural_segments(e.cwnd).en, describe(e.reason, Lang::en)),
      fmt::format("超时意味着整整一个 RTO 都没有 ACK 回来：ACK 时钟停了，发送方不再知道网络里有"
                  "什么。{}；cwnd 降到 {}，所有未确认的报文段都算丢失；之后慢启动爬回 ssthresh。"
                  "只把 cwnd 减半，是收到重复 ACK 后快速恢复的做法。引擎的说明：{}。",
                  why_s.zh, plural_segments(e.cwnd).zh, describe(e.reason, Lang::zh))};
  return a;
}

namespace {

// ---- the receiver's advertised window ----

// SO_RCVBUF each host's program sets, by host name.
std::map<std::string, std::int64_t> receive_buffers(const ScenarioSpec& spec) {
  std::map<std::string, std::int64_t> out;
  for (const ProgramSpec& p : spec.programs) {
    for (const StepSpec& s : p.steps) {
      if (s.call == AppCall::setsockopt && s.rcvbuf > 0 && !out.count(p.host))
        out[p.host] = s.rcvbuf;
    }
  }
  return out;
}

// The window a receiver with `buffer` bytes of room offers (no scaling): the free space in
// whole segments, or 0 while less than a segment and less than half the buffer is free.
std::int64_t offered_window(std::int64_t buffer, std::int64_t unread, std::int64_t mss) {
  const std::int64_t free_space = std::max<std::int64_t>(0, buffer - unread);
  if (free_space < buffer / 2 && free_space < mss) return 0;
  return free_space > mss ? free_space / mss * mss : free_space;
}

struct OfferAsk {
  std::size_t send = 0;
  std::int64_t buffer = 0;
  std::int64_t received = 0;  // in-order bytes from the peer
  std::int64_t read = 0;      // bytes the application has read
  std::int64_t last_read = 0;
  std::int64_t mss = 0;
  std::int64_t window = 0;
  std::int64_t first_offer = 0;  // the SYN-ACK's (or SYN's) window
};

std::vector<OfferAsk> offer_candidates(const Trace& trace, const ScenarioSpec& spec) {
  const auto buffers = receive_buffers(spec);
  std::map<ConnKey, std::int64_t> read, last_read, mss, first_offer;
  std::map<ConnKey, std::uint32_t> peer_end;  // end of the peer's data received so far
  std::map<ConnKey, bool> peer_fin;
  std::vector<OfferAsk> out;
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    const ConnKey key{e.host, e.conn};
    const auto buffer = buffers.find(trace.host_name(e.host));
    if (buffer == buffers.end()) continue;
    if (e.type == EventType::app && e.call == AppCall::recv && e.result == AppResult::ok) {
      read[key] += e.value;
      last_read[key] = e.value;
    }
    if (e.type == EventType::window && e.mss > 0) mss[key] = e.mss;
    if (e.type == EventType::recv && e.segment < trace.segments.size()) {
      const SegmentRecord& r = trace.segments[e.segment];
      if (r.seg.has(kFin)) peer_fin[key] = true;
      if (r.seg.len > 0) peer_end[key] = std::max(peer_end[key], r.rel_seq + r.seg.len);
    }
    if (e.type != EventType::send || e.segment >= trace.segments.size()) continue;
    const SegmentRecord& r = trace.segments[e.segment];
    if (r.seg.has(kSyn)) {
      first_offer[key] = r.seg.win;
      continue;
    }
    const Why why = e.reason.why;
    const bool ack_only = r.seg.flags == kAck && r.seg.len == 0;
    const bool asked = why == Why::window_update || why == Why::data_received ||
                       why == Why::ack_sent_delayed || why == Why::ack_sent_quick ||
                       why == Why::old_segment_rejected;
    if (!ack_only || !asked || peer_fin[key] || !mss.count(key) || !first_offer.count(key))
      continue;
    if (window_shift(trace, r) != 0) continue;
    // Every byte acknowledged has arrived in order: the ack counts the SYN, then bytes.
    const std::int64_t received = std::int64_t{r.rel_ack} - 1;
    if (r.rel_ack > std::max<std::uint32_t>(peer_end[key], 1)) continue;
    OfferAsk o{i,        buffer->second, received,        read[key], last_read[key],
               mss[key], r.seg.win,      first_offer[key]};
    if (offered_window(o.buffer, o.received - o.read, o.mss) != o.window) continue;
    out.push_back(o);
  }
  return out;
}

// What makes the receiver send the ACK asked about, without telling what it says.
LocalizedText offer_cause(Why why, const std::string& host, const std::string& peer,
                          std::int64_t last_read) {
  switch (why) {
    case Why::window_update:
      return {fmt::format("its application has just read {} bytes, and the {} sends an ACK",
                          last_read, host),
              fmt::format("它的应用刚读走 {} 字节，{} 随即发出一个 ACK", last_read, host)};
    case Why::old_segment_rejected:
      return {fmt::format("a window probe from the {} has just arrived, and the {} answers it",
                          peer, host),
              fmt::format("{} 的窗口探测刚刚到达，{} 回应它", peer, host)};
    default:
      return {
          fmt::format("data from the {} has just arrived, and the {} acknowledges it", peer, host),
          fmt::format("{} 的数据刚刚到达，{} 确认它", peer, host)};
  }
}

}  // namespace

std::optional<Asked> ask_advertised_window(const Trace& trace, const ScenarioSpec& spec, Rng& rng) {
  const std::vector<OfferAsk> pool = offer_candidates(trace, spec);
  if (pool.empty()) return std::nullopt;
  // Open windows teach more than the many zeros of a full buffer: half the turns for them.
  std::vector<OfferAsk> open;
  std::copy_if(pool.begin(), pool.end(), std::back_inserter(open),
               [](const OfferAsk& o) { return o.window > 0; });
  const std::vector<OfferAsk>& from = !open.empty() && rng.between(0, 1) == 0 ? open : pool;
  const OfferAsk& o = from[rng.next() % from.size()];
  const Event& e = trace.events[o.send];
  const SegmentRecord& r = trace.segments[e.segment];
  const std::string& host = trace.host_name(e.host);
  const std::string peer = r.to_host == kNoHost ? "peer" : trace.host_name(r.to_host);
  const std::int64_t unread = o.received - o.read;
  const std::int64_t free_space = std::max<std::int64_t>(0, o.buffer - unread);
  const LocalizedText cause = offer_cause(e.reason.why, host, peer, o.last_read);

  Asked a;
  a.step = o.send;
  const LocalizedText past = history_block(trace, o.send, 4);
  a.question = {
      fmt::format("The {} set SO_RCVBUF = {} before the connection opened; like Linux (which "
                  "doubles the value and keeps the extra for its own bookkeeping), the engine "
                  "keeps {} bytes of room for data not yet read. A segment carries at most {} "
                  "bytes, and no window scaling is in use.\n",
                  host, o.buffer, o.buffer, o.mss) +
          past.en +
          fmt::format("At t={} the {} has received {} bytes from the {}, and its application "
                      "has read {} of them; {}. Which window does this ACK advertise, in bytes?",
                      short_time(e.t), host, o.received, peer, o.read, cause.en),
      fmt::format("{} 在连接建立前设置了 SO_RCVBUF = {}；和 Linux 一样（Linux 把这个值翻倍，多出"
                  "的部分用于内部记账），引擎为尚未读取的数据留出 {} 字节的空间。一个报文段最多"
                  "携带 {} 字节，没有使用窗口缩放。\n",
                  host, o.buffer, o.buffer, o.mss) +
          past.zh +
          fmt::format("在 t={}，{} 已从 {} 收到 {} 字节，它的应用读走了其中 {} 字节；{}。这个 "
                      "ACK 通告的窗口是多少字节？",
                      short_time(e.t), host, peer, o.received, o.read, cause.zh)};
  const std::vector<std::int64_t> wrong = {
      free_space,       0,        o.last_read, o.mss, o.first_offer, o.window + o.mss,
      o.window - o.mss, 2 * o.mss};
  if (!fill_numbers(a, o.window, wrong, "", "")) return std::nullopt;

  LocalizedText rule;
  if (o.window == 0 && free_space == 0) {
    rule = {"Nothing is free, so the window is 0.", "没有空闲空间，所以窗口为 0。"};
  } else if (o.window == 0) {
    rule = {fmt::format("That is less than one segment ({}) and less than half the buffer, so "
                        "the receiver offers 0 rather than a sliver that would only draw a tiny "
                        "segment (receiver-side silly window avoidance, RFC 9293 §3.8.6.2.2).",
                        o.mss),
            fmt::format("这不到一个报文段（{}），也不到缓冲区的一半，所以接收方通告 0，而不是通告"
                        "一小条窗口去招来很小的报文段（接收方的糊涂窗口避免，RFC 9293 "
                        "§3.8.6.2.2）。",
                        o.mss)};
  } else if (o.window < free_space) {
    rule = {fmt::format("Linux offers whole segments: {} rounded down to a multiple of {} is {}.",
                        free_space, o.mss, o.window),
            fmt::format("Linux 按整报文段通告：{} 向下取整到 {} 的倍数是 {}。", free_space, o.mss,
                        o.window)};
  } else {
    rule = {fmt::format("The window is the free space: {}.", o.window),
            fmt::format("窗口就是空闲空间：{}。", o.window)};
  }
  a.explanation = {
      fmt::format("{} − {} = {} bytes wait unread, so {} of the {} bytes are free. {} The "
                  "engine: {}.",
                  o.received, o.read, unread, free_space, o.buffer, rule.en,
                  describe(e.reason, Lang::en)),
      fmt::format("{} − {} = {} 字节还没被读走，所以 {} 字节中有 {} 字节空闲。{}引擎的说明：{}。",
                  o.received, o.read, unread, o.buffer, free_space, rule.zh,
                  describe(e.reason, Lang::zh))};
  return a;
}

namespace {

// ---- the sender's usable window ----

struct RoomAsk {
  std::size_t ack = 0;     // the recv event of the ACK
  std::size_t window = 0;  // the window event it caused
  std::int64_t ack_number = 0;
  std::int64_t field = 0;  // the raw window field
  int shift = 0;
  std::int64_t window_bytes = 0;
  std::int64_t next = 0;  // SND.NXT before the ACK
  std::int64_t room = 0;  // the answer
  std::uint32_t cwnd = 0;
  std::int64_t mss = 0;
  std::int64_t previous = 0;  // the peer's window before this ACK
};

std::vector<RoomAsk> room_candidates(const Trace& trace) {
  std::map<ConnKey, std::int64_t> next;
  std::map<ConnKey, bool> fin_sent;
  std::vector<RoomAsk> out;
  std::map<ConnKey, RoomAsk> asks;
  std::map<ConnKey, int> shifts;
  std::map<ConnKey, std::int64_t> previous;
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    const ConnKey key{e.host, e.conn};
    if (e.type == EventType::send && e.segment < trace.segments.size()) {
      const SegmentRecord& r = trace.segments[e.segment];
      if (r.seg.has(kFin)) fin_sent[key] = true;
      if (r.seg.len > 0 && !r.seg.has(kSyn))
        next[key] = std::max<std::int64_t>(next[key], r.rel_seq + r.seg.len);
      continue;
    }
    if (e.type == EventType::recv && e.segment < trace.segments.size()) {
      asks.erase(key);  // the window event must follow its own ACK
      const SegmentRecord& r = trace.segments[e.segment];
      if (!r.seg.has(kAck) || r.seg.has(kSyn) || fin_sent[key] || !next.count(key)) continue;
      if (!shifts.count(key)) shifts[key] = window_shift(trace, r);
      const int shift = shifts[key];
      RoomAsk a;
      a.ack = i;
      a.ack_number = r.rel_ack;
      a.field = r.seg.win;
      a.shift = shift;
      a.window_bytes = std::int64_t{r.seg.win} << shift;
      a.next = next[key];
      asks[key] = a;
      continue;
    }
    if (e.type != EventType::window) continue;
    const std::int64_t before = previous.count(key) ? previous[key] : -1;
    previous[key] = e.peer_window;
    if (!asks.count(key) || before < 0) continue;
    RoomAsk a = asks[key];
    a.previous = before;
    asks.erase(key);
    if (e.peer_window != a.window_bytes || e.t != trace.events[a.ack].t) continue;
    if (e.reason.why != Why::peer_window_changed && e.reason.why != Why::peer_window_zero) continue;
    a.window = i;
    a.room = std::max<std::int64_t>(0, a.ack_number + a.window_bytes - a.next);
    a.cwnd = e.cwnd;
    a.mss = e.mss;
    // Only where the receiver's window, not cwnd, is the limit.
    const std::int64_t outstanding = a.next - a.ack_number;
    if (outstanding < 0 || std::int64_t{e.cwnd} * e.mss < outstanding + a.room) continue;
    out.push_back(a);
  }
  return out;
}

}  // namespace

std::optional<Asked> ask_usable_window(const Trace& trace, Rng& rng) {
  const std::vector<RoomAsk> pool = room_candidates(trace);
  if (pool.empty()) return std::nullopt;
  // With bytes in flight the question is a real subtraction: half the turns go there.
  std::vector<RoomAsk> busy;
  std::copy_if(pool.begin(), pool.end(), std::back_inserter(busy),
               [](const RoomAsk& r) { return r.next > r.ack_number; });
  const std::vector<RoomAsk>& from = !busy.empty() && rng.between(0, 1) == 0 ? busy : pool;
  const RoomAsk& r = from[rng.next() % from.size()];
  const Event& ack = trace.events[r.ack];
  const SegmentRecord& seg = trace.segments[ack.segment];
  const std::string& host = trace.host_name(ack.host);
  const std::string peer = trace.host_name(seg.from_host);
  const std::int64_t outstanding = r.next - r.ack_number;
  const std::int64_t edge = r.ack_number + r.window_bytes;
  const LocalizedText scale = r.shift == 0 ? LocalizedText{"no window scaling", "没有窗口缩放"}
                                           : LocalizedText{fmt::format("scaled by 2^{}", r.shift),
                                                           fmt::format("按 2^{} 缩放", r.shift)};

  Asked a;
  a.step = r.window;
  const LocalizedText past = history_block(trace, r.ack, 4);
  a.question = {
      past.en + fmt::format("At t={} the {} receives the {}'s ACK ack={} win={} ({}): a window of "
                            "{} bytes. The next new byte the {} would send is seq={} (SND.NXT), "
                            "and its cwnd of {} segments is not the limit here. How many new "
                            "bytes may the {} send now?",
                            short_time(ack.t), host, peer, r.ack_number, r.field, scale.en,
                            r.window_bytes, host, r.next, r.cwnd, host),
      past.zh + fmt::format("在 t={}，{} 收到 {} 的 ACK ack={} win={}（{}）：窗口为 {} 字节。{} "
                            "要发的下一个新字节是 seq={}（SND.NXT），它的 cwnd 为 {} 个报文段，"
                            "在这里不构成限制。{} 现在还能发送多少个新字节？",
                            short_time(ack.t), host, peer, r.ack_number, r.field, scale.zh,
                            r.window_bytes, host, r.next, r.cwnd, host)};
  const std::vector<std::int64_t> wrong = {
      r.window_bytes, edge,  outstanding, r.window_bytes + outstanding, 0,
      r.previous,     r.mss, 2 * r.mss};
  if (!fill_numbers(a, r.room, wrong, "", "")) return std::nullopt;
  // What is already in flight, or that nothing is.
  const LocalizedText flight =
      outstanding == 0
          ? LocalizedText{"Nothing is in flight: every byte sent has been acknowledged",
                          "没有数据在途：发出的每个字节都已被确认"}
          : LocalizedText{fmt::format("{} bytes (seq {} up to {}) are already in flight",
                                      outstanding, r.ack_number, r.next - 1),
                          fmt::format("已有 {} 字节（seq {} 到 {}）在途", outstanding, r.ack_number,
                                      r.next - 1)};
  a.explanation = {
      fmt::format("The window counts from the oldest unacknowledged byte: the {} accepts bytes "
                  "up to ack + window = {} + {} = {}. {}, so {} − {} = {} new bytes may go{}. "
                  "The engine: {}.",
                  peer, r.ack_number, r.window_bytes, edge, flight.en, edge, r.next, r.room,
                  r.room == 0 ? ": none, the window is used up" : "",
                  describe(trace.events[r.window].reason, Lang::en)),
      fmt::format("窗口从最早未被确认的字节算起：{} 最多接受到 ack + 窗口 = {} + {} = {} 为止的"
                  "字节。{}，所以还能发 {} − {} = {} 个新字节{}。引擎的说明：{}。",
                  peer, r.ack_number, r.window_bytes, edge, flight.zh, edge, r.next, r.room,
                  r.room == 0 ? "：一个也不能发，窗口已经用完" : "",
                  describe(trace.events[r.window].reason, Lang::zh))};
  return a;
}

}  // namespace synack::gen
