#include "app/draw/diagram_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "app/draw/trace_labels.hpp"
#include "app/run/flood.hpp"

namespace synack {
namespace {

// Reasons worth a line of explanation under their row: anything a student would ask
// "why did that happen?" about. Routine steps (plain ACKs, in-order data) stay quiet.
bool noteworthy(Why w) {
  switch (w) {
    case Why::syn_rto:
    case Why::synack_rto:
    case Why::data_rto:
    case Why::fin_rto:
    case Why::loss_probe:
    case Why::fast_retransmit:
    case Why::sack_retransmit:
    case Why::partial_ack_retransmit:
    case Why::syn_gave_up:
    case Why::synack_gave_up:
    case Why::retries_exhausted:
    case Why::orphan_retries_exhausted:
    case Why::dup_syn_resend_synack:
    case Why::handshake_done_by_data:
    case Why::simultaneous_open_syn:
    case Why::simultaneous_open_synack:
    case Why::simultaneous_close:
    case Why::time_wait_enter:
    case Why::time_wait_restart:
    case Why::fin_wait_2_timeout:
    case Why::rst_closed_port:
    case Why::rst_no_connection:
    case Why::rst_ack_in_listen:
    case Why::rst_linger_abort:
    case Why::rst_unread_data:
    case Why::rst_received:
    case Why::rst_in_syn_sent:
    case Why::rst_keepalive_dead:
    case Why::rst_accept_overflow:
    case Why::rst_listener_closed:
    case Why::rst_ignored_out_of_window:
    case Why::challenge_ack:
    case Why::syn_queue_full_drop:
    case Why::syn_queue_full_cookie:
    case Why::syn_cookie_always:
    case Why::syn_cookie_valid:
    case Why::syn_cookie_invalid:
    case Why::accept_queue_full_syn_drop:
    case Why::accept_queue_full_ack_drop:
    case Why::request_expired:
    case Why::keepalive_probe:
    case Why::net_drop_rule:
    case Why::net_delay_rule:
    case Why::net_duplicate_rule:
    case Why::net_reorder_rule:
    case Why::net_no_host:
    case Why::net_host_down:
    case Why::attacker_spoofed_syn:
    case Why::attacker_injected:
    case Why::host_crashed:
    case Why::host_rebooted:
    case Why::process_crashed:
    case Why::old_segment_rejected:
    case Why::paws_reject:
    case Why::ack_unacceptable:
    case Why::data_out_of_order:
    case Why::data_duplicate:
    case Why::dsack_sent:
    case Why::dup_ack_received:
    case Why::data_ignores_mss:
    case Why::data_sws_override:
    case Why::ip_fragment_sent:
    case Why::ip_reassembly_expired:
    case Why::capture_listening:
    case Why::capture_midstream:
    case Why::capture_rto_retransmit:
    case Why::capture_fast_retransmit:
    case Why::capture_sack_retransmit:
    case Why::capture_spurious_retransmit:
    case Why::capture_reordered:
    case Why::capture_gap:
    case Why::capture_sack_blocks:
    case Why::capture_zero_window:
    case Why::capture_window_probe:
    case Why::capture_window_open:
    case Why::capture_rst_abort:
    case Why::capture_state_forgotten:
    case Why::capture_fin_wait2_gone:
    case Why::capture_handshake_incomplete:
    case Why::keepalive_reply:
    case Why::rst_data_after_close:
      return true;
    default:
      return false;
  }
}

std::string_view word(Lang lang, std::string_view en, std::string_view zh) {
  return lang == Lang::zh ? zh : en;
}

struct QueueValues {
  std::uint32_t syn = 0, syn_max = 0, accept = 0, accept_max = 0;
  auto operator<=>(const QueueValues&) const = default;
};

QueueValues queue_values(const Event& e) {
  return {e.syn_queue, e.syn_queue_max, e.accept_queue, e.accept_queue_max};
}

std::string queue_label(const QueueValues& q, Lang lang) {
  return fmt::format("{} {}/{}, {} {}/{}", word(lang, "queues: SYN", "队列：半连接"), q.syn,
                     q.syn_max, word(lang, "accept", "全连接"), q.accept, q.accept_max);
}

class Builder {
 public:
  Builder(const Trace& trace, const DiagramOptions& options) : t_(trace), o_(options) {}

  Diagram build() {
    d_.scenario = t_.scenario;
    d_.profile = t_.profile;
    d_.seed = t_.seed;
    d_.end_time = t_.end_time;
    d_.truncated = t_.truncated;
    d_.lang = o_.lang;
    for (const auto& h : t_.hosts) {
      d_.hosts.push_back(h.name);
      d_.addrs.push_back(addr_to_string(h.addr));
    }
    classify();
    const std::size_t n = t_.events.size();
    auto run = floods_.runs.begin();
    std::size_t i = 0;
    while (i < n) {
      if (run != floods_.runs.end() && run->first == i) {
        emit_flood(run->first, run->last);
        narrate_through(run->last);
        i = run->last + 1;
        ++run;
        continue;
      }
      emit_event(i);
      narrate_through(i);
      ++i;
    }
    if (!d_.rows.empty() && t_.end_time - last_active_ > o_.idle_gap) {
      d_.rows.push_back(idle_row(t_.end_time));
    }
    return std::move(d_);
  }

 private:
  const Trace& t_;
  const DiagramOptions& o_;
  Diagram d_;
  Floods floods_;
  std::vector<std::size_t> drop_of_;  // segment → its drop event (npos: delivered)
  std::vector<bool> sent_;            // segment → has a send event
  std::map<std::uint16_t, QueueValues> shown_queue_;
  std::size_t next_narration_ = 0;
  Micros last_active_ = 0;
  std::tuple<Micros, std::uint16_t, Why> last_detail_{-1, 0, Why::none};
  std::set<std::string> summary_lines_;  // explanations already given in a flood summary

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  std::uint16_t host_count() const { return static_cast<std::uint16_t>(t_.hosts.size()); }

  bool owned(Addr a) const {
    return std::any_of(t_.hosts.begin(), t_.hosts.end(),
                       [a](const HostInfo& h) { return h.addr == a; });
  }

  std::optional<SegmentRecord> record(const Event& e) const {
    if (e.segment >= t_.segments.size()) return std::nullopt;
    return t_.segments[e.segment];
  }

  void classify() {
    drop_of_.assign(t_.segments.size(), npos);
    sent_.assign(t_.segments.size(), false);
    for (std::size_t i = 0; i < t_.events.size(); ++i) {
      const Event& e = t_.events[i];
      if (!record(e)) continue;
      if (e.type == EventType::drop && drop_of_[e.segment] == npos) drop_of_[e.segment] = i;
      if (e.type == EventType::send) sent_[e.segment] = true;
    }
    floods_ = find_floods(t_, o_.flood_threshold);
  }

  std::uint16_t toward_for(std::uint16_t from) const {
    for (std::uint16_t a = 0; a < floods_.attacker.size(); ++a) {
      if (floods_.attacker[a] && a != from) return a;
    }
    if (from + 1 < host_count()) return static_cast<std::uint16_t>(from + 1);
    if (from > 0) return static_cast<std::uint16_t>(from - 1);
    return kNoHost;
  }

  DiagramRow idle_row(Micros until) const {
    DiagramRow row;
    row.kind = RowKind::idle;
    row.t = last_active_;
    row.gap = until - last_active_;
    return row;
  }

  // `check_idle` false: the row is part of a flood summary, whose rows overlap in time.
  void add(DiagramRow row, bool check_idle = true) {
    if (row.kind != RowKind::narration) {
      if (check_idle && !d_.rows.empty() && row.t - last_active_ > o_.idle_gap) {
        d_.rows.push_back(idle_row(row.t));
      }
      last_active_ = std::max(last_active_, row.t);
    }
    d_.rows.push_back(std::move(row));
  }

  // One explanation per cause and instant on a host: the RST arrives, the state goes
  // CLOSED and connect() fails, all for one reason, which is written once (even when the
  // events carry different numbers with it).
  std::string fresh(const Event& e) {
    auto key = std::make_tuple(e.t, e.host, e.reason.why);
    if (key == last_detail_) return "";
    last_detail_ = key;
    return why_text(e.reason);
  }

  std::string why_text(const Reason& r) const { return describe(r, o_.lang); }

  // Floods repeat the same few explanations; each is given once per diagram.
  std::string once(std::string line) {
    if (!summary_lines_.insert(line).second) return "";
    return line;
  }

  std::string lost_text(const SegmentRecord& r, std::size_t drop_event) const {
    std::string why = drop_event != npos
                          ? why_text(t_.events[drop_event].reason)
                          : fmt::format("{} {}", word(o_.lang, "nobody has", "没有主机使用"),
                                        addr_to_string(r.seg.dst.addr));
    return fmt::format("{}: {}", word(o_.lang, "lost", "丢失"), why);
  }

  static void add_line(std::string& detail, const std::string& line) {
    if (line.empty()) return;
    if (!detail.empty()) detail += '\n';
    detail += line;
  }

  void emit_segment(std::size_t i, const Event& e, const SegmentRecord& r) {
    DiagramRow row;
    row.kind = RowKind::arrow;
    row.t = e.t;
    row.event = i;
    row.from = r.from_host;
    row.to = r.to_host < host_count() ? r.to_host : kNoHost;
    row.label = segment_label(r);
    if (!owned(r.seg.src.addr))
      row.label += fmt::format(" from {}", addr_to_string(r.seg.src.addr));
    if (row.to == kNoHost) {
      row.toward = toward_for(row.from);
      row.label += fmt::format(" to {}", addr_to_string(r.seg.dst.addr));
    }
    std::size_t drop = e.type == EventType::drop ? i : drop_of_[e.segment];
    row.lost = drop != npos || row.to == kNoHost;
    std::string detail;
    if (noteworthy(e.reason.why) && e.type == EventType::send) {
      add_line(detail, fresh(e));
    } else if (r.retransmit_of != kNoIndex) {
      add_line(detail, std::string(word(o_.lang, "retransmission", "重传")));
    }
    if (row.lost) add_line(detail, lost_text(r, drop));
    if (e.disagreement.why != Why::none) add_line(detail, why_text(e.disagreement));
    row.detail = std::move(detail);
    add(std::move(row));
  }

  void emit_note(std::size_t i, std::uint16_t host, std::string label, std::string detail) {
    DiagramRow row;
    row.kind = RowKind::note;
    row.t = t_.events[i].t;
    row.event = i;
    row.from = host;
    row.label = std::move(label);
    row.detail = std::move(detail);
    add(std::move(row));
  }

  static bool turning_point(Why why) {
    return why == Why::recovery_enter || why == Why::recovery_exit || why == Why::cwnd_loss ||
           why == Why::cwnd_idle_restart;
  }

  static std::string window_label(const Event& e) {
    if (e.ssthresh >= kInfiniteSsthresh) return fmt::format("[cwnd {}]", e.cwnd);
    return fmt::format("[cwnd {} ssthresh {}]", e.cwnd, e.ssthresh);
  }

  void emit_event(std::size_t i) {
    const Event& e = t_.events[i];
    const std::optional<SegmentRecord> r = record(e);
    switch (e.type) {
      case EventType::send:
        if (r) emit_segment(i, e, *r);
        break;
      case EventType::drop:
        if (r && !sent_[e.segment]) emit_segment(i, e, *r);
        break;
      case EventType::recv:
        if (noteworthy_recv(e.reason.why)) {
          std::string text = fresh(e);
          if (!text.empty()) emit_note(i, e.host, std::move(text), "");
        }
        break;
      case EventType::state:
        emit_note(i, e.host, fmt::format("[{}]", state_name(e.to)),
                  noteworthy(e.reason.why) ? fresh(e) : "");
        break;
      case EventType::app:
        if (e.call == AppCall::sleep) break;  // waiting is visible as the time going by
        emit_note(i, e.host, app_label(e), noteworthy(e.reason.why) ? fresh(e) : "");
        break;
      case EventType::timer:
        if (o_.show_timers) {
          std::string label =
              fmt::format("{} timer {}", timer_name(e.timer), timer_action_name(e.action));
          if (e.action == TimerAction::armed) label += " until " + format_time(e.deadline);
          emit_note(i, e.host, std::move(label), "");
        } else if (e.reason.why == Why::ip_reassembly_expired) {
          emit_note(i, e.host, fresh(e), "");  // data thrown away: shown even without timers
        }
        break;
      case EventType::queue: {
        QueueValues q = queue_values(e);
        auto it = shown_queue_.find(e.host);
        if (it != shown_queue_.end() && it->second == q) break;
        shown_queue_[e.host] = q;
        emit_note(i, e.host, queue_label(q, o_.lang), "");
        break;
      }
      case EventType::window:
        // Most window changes belong to the plot under the diagram; the turning points a
        // student must see in the ladder itself get a note.
        if (e.reason.why == Why::peer_window_zero) {
          emit_note(i, e.host, "[win 0]", fresh(e));
        } else if (turning_point(e.reason.why)) {
          emit_note(i, e.host, window_label(e), fresh(e));
        }
        break;
    }
  }

  void narrate_through(std::size_t i) {
    while (next_narration_ < o_.narration.size() && o_.narration[next_narration_].first <= i) {
      const auto& [index, text] = o_.narration[next_narration_++];
      DiagramRow row;
      row.kind = RowKind::narration;
      row.t = index < t_.events.size() ? t_.events[index].t : 0;
      row.event = index;
      row.label = text;
      add(std::move(row));
    }
  }

  // One summary row per kind of event in the run: same type, hosts, flags and reason.
  struct Group {
    std::size_t first = 0;
    std::size_t count = 0;
    Micros t_first = 0, t_last = 0;
    AddrRange src, dst;
    bool spoofed = false;  // source address not owned by the sender
    bool to_nobody = false;
    std::size_t drop = npos;  // first drop among the group's segments
  };
  using GroupKey = std::tuple<EventType, std::uint16_t, std::uint16_t, std::uint8_t, Why,
                              std::int64_t, bool, TcpState>;

  void emit_flood(std::size_t first, std::size_t last) {
    std::map<GroupKey, std::size_t> index;
    std::vector<Group> groups;
    std::vector<GroupKey> keys;
    std::map<std::uint16_t, std::pair<QueueValues, std::uint32_t>> queues;  // last, peak SYN
    std::vector<std::uint16_t> queue_hosts;
    std::size_t queue_event = first;
    for (std::size_t i = first; i <= last; ++i) {
      const Event& e = t_.events[i];
      const std::optional<SegmentRecord> r = record(e);
      if (e.type == EventType::queue) {
        auto [it, added] = queues.try_emplace(e.host, queue_values(e), e.syn_queue);
        if (added) queue_hosts.push_back(e.host);
        it->second.first = queue_values(e);
        it->second.second = std::max(it->second.second, e.syn_queue);
        queue_event = i;
        continue;
      }
      bool segment_row =
          r && (e.type == EventType::send || (e.type == EventType::drop && !sent_[e.segment]));
      bool recv_row = r && e.type == EventType::recv && noteworthy_recv(e.reason.why);
      bool other_row =
          e.type == EventType::state || (e.type == EventType::app && e.call != AppCall::sleep);
      if (!segment_row && !recv_row && !other_row) continue;
      std::size_t drop = segment_row ? (e.type == EventType::drop ? i : drop_of_[e.segment]) : npos;
      std::uint16_t to = r && r->to_host < host_count() ? r->to_host : kNoHost;
      GroupKey key{e.type == EventType::drop ? EventType::send : e.type,
                   e.host,
                   r ? to : std::uint16_t{0},
                   r ? r->seg.flags : std::uint8_t{0},
                   e.reason.why,
                   e.reason.a,
                   drop != npos,
                   e.type == EventType::state ? e.to : TcpState::CLOSED};
      if (e.type == EventType::app) std::get<3>(key) = static_cast<std::uint8_t>(e.result);
      auto [it, added] = index.try_emplace(key, groups.size());
      if (added) {
        groups.push_back({});
        keys.push_back(key);
        groups.back().first = i;
        groups.back().t_first = e.t;
        groups.back().drop = drop;
      }
      Group& g = groups[it->second];
      ++g.count;
      g.t_last = e.t;
      if (r) {
        g.src.add(r->seg.src.addr);
        g.dst.add(r->seg.dst.addr);
        if (!owned(r->seg.src.addr)) g.spoofed = true;
        if (to == kNoHost) g.to_nobody = true;
      }
    }

    for (std::size_t k = 0; k < groups.size(); ++k) {
      const Group& g = groups[k];
      const Event& e = t_.events[g.first];
      const std::optional<SegmentRecord> r = record(e);
      DiagramRow row;
      row.t = g.t_first;
      row.event = g.first;
      row.count = g.count;
      row.from = e.host;
      std::string times = fmt::format("× {}", g.count);
      std::string detail;
      if (std::get<0>(keys[k]) == EventType::send && r) {
        row.kind = RowKind::arrow;
        row.from = r->from_host;
        row.to = g.to_nobody ? kNoHost : r->to_host;
        if (row.to == kNoHost) row.toward = toward_for(row.from);
        row.lost = g.drop != npos || g.to_nobody;
        row.label =
            fmt::format("{} {}{}", times, g.spoofed ? word(o_.lang, "spoofed ", "伪造 ") : "",
                        flags_to_string(r->seg.flags));
        if (g.spoofed) row.label += fmt::format(" from {}", g.src.str());
        if (g.to_nobody) row.label += fmt::format(" to {}", g.dst.str());
        // Retransmission reasons carry their number (#2, next wait 4 s): always worth saying.
        bool retransmission = r->retransmit_of != kNoIndex;
        if (noteworthy(e.reason.why)) {
          add_line(detail, retransmission ? why_text(e.reason) : once(why_text(e.reason)));
        }
        if (row.lost) add_line(detail, once(lost_text(*r, g.drop)));
      } else {
        row.kind = RowKind::note;
        if (e.type == EventType::state) {
          row.label = fmt::format("{} [{}]", times, state_name(e.to));
        } else if (e.type == EventType::app) {
          row.label = fmt::format("{} {}", times, app_label(e));
        } else {
          row.label = fmt::format("{} {}", times, r ? flags_to_string(r->seg.flags) : "");
          if (g.spoofed) row.label += fmt::format(" from {}", g.src.str());
        }
        if (noteworthy(e.reason.why)) add_line(detail, once(why_text(e.reason)));
      }
      if (g.count > 1 && g.t_last > g.t_first) {
        add_line(detail,
                 fmt::format("{} {} {} {}", word(o_.lang, "from", "从"), format_time(g.t_first),
                             word(o_.lang, "to", "到"), format_time(g.t_last)));
      }
      row.detail = std::move(detail);
      add(std::move(row), k == 0);
    }
    for (auto host : queue_hosts) {
      const auto& [q, peak] = queues[host];
      shown_queue_[host] = q;
      DiagramRow row;
      row.kind = RowKind::note;
      row.t = t_.events[last].t;  // the counters as the flood run ends
      row.event = queue_event;
      row.from = host;
      row.label = queue_label(q, o_.lang);
      row.detail = fmt::format("{} {}", word(o_.lang, "SYN queue peak", "半连接队列峰值"), peak);
      add(std::move(row), groups.empty());
    }
    last_active_ = std::max(last_active_, t_.events[last].t);
  }
};

}  // namespace

Diagram build_diagram(const Trace& trace, const DiagramOptions& options) {
  return Builder(trace, options).build();
}

}  // namespace synack
