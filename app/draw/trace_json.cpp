#include "app/draw/trace_json.hpp"

#include "engine/sysctl.hpp"

namespace synack {
namespace {

using Json = nlohmann::ordered_json;

Json millis(Micros t) {
  if (t == kNever) return nullptr;
  return to_ms(t);
}

Json sysctl_object(const std::vector<std::pair<std::string, KnobValue>>& values) {
  Json obj = Json::object();
  for (const auto& [name, value] : values) {
    const auto knob = find_knob(name);
    if (knob && knob_info(*knob).parts > 1) {
      obj[name] = format_knob_value(knob_info(*knob), value);  // "32768 60999", as /proc shows
    } else {
      obj[name] = value[0];
    }
  }
  return obj;
}

// The segment's header as Wireshark shows it: relative numbers first, raw ones beside.
void add_segment_fields(Json& j, const SegmentRecord& r) {
  j["src"] = sockaddr_to_string(r.seg.src);
  j["dst"] = sockaddr_to_string(r.seg.dst);
  j["flags"] = flags_to_string(r.seg.flags);
  j["seq"] = r.rel_seq;
  j["ack"] = r.rel_ack;
  j["seq_raw"] = r.seg.seq;
  j["ack_raw"] = r.seg.ack;
  j["len"] = r.seg.len;
  j["win"] = r.seg.win;
  j["options"] = options_to_string(r.seg.opt, r.sack_base);
  if (r.frag.fragmented()) {
    Json f;
    f["ip_id"] = r.frag.id;
    f["index"] = r.frag.index + 1;
    f["count"] = r.frag.count;
    f["offset"] = r.frag.offset;
    f["len"] = r.frag.len;
    f["more"] = r.frag.more;
    j["fragment"] = std::move(f);
  }
}

Json segment_json(const Trace& trace, std::size_t index) {
  const SegmentRecord& r = trace.segments[index];
  Json j;
  j["index"] = index;
  j["from"] = trace.host_name(r.from_host);
  if (r.to_host == kNoHost) {
    j["to"] = nullptr;
  } else {
    j["to"] = trace.host_name(r.to_host);
  }
  add_segment_fields(j, r);
  if (r.retransmit_of != kNoIndex) j["retransmit_of"] = r.retransmit_of;
  return j;
}

Json event_json(const Trace& trace, const Event& e, const JsonOptions& options) {
  Json j;
  j["t_ms"] = to_ms(e.t);
  j["type"] = event_type_name(e.type);
  j["host"] = trace.host_name(e.host);
  j["conn"] = e.conn;
  switch (e.type) {
    case EventType::send:
    case EventType::recv:
    case EventType::drop:
      if (e.segment < trace.segments.size()) {
        const SegmentRecord& r = trace.segments[e.segment];
        add_segment_fields(j, r);
        j["segment"] = e.segment;
        if (r.retransmit_of != kNoIndex) j["retransmit_of"] = r.retransmit_of;
      }
      break;
    case EventType::state:
      j["from"] = state_name(e.from);
      j["to"] = state_name(e.to);
      break;
    case EventType::app:
      j["call"] = app_call_name(e.call);
      j["result"] = app_result_name(e.result);
      j["value"] = e.value;
      break;
    case EventType::timer:
      j["timer"] = timer_name(e.timer);
      j["action"] = timer_action_name(e.action);
      j["deadline_ms"] = millis(e.deadline);
      break;
    case EventType::queue:
      j["syn_queue"] = e.syn_queue;
      j["syn_queue_max"] = e.syn_queue_max;
      j["accept_queue"] = e.accept_queue;
      j["accept_queue_max"] = e.accept_queue_max;
      break;
    case EventType::window:
      j["cwnd"] = e.cwnd;
      if (e.ssthresh < kInfiniteSsthresh) j["ssthresh"] = e.ssthresh;
      j["in_flight"] = e.in_flight;
      j["peer_window"] = e.peer_window;
      j["mss"] = e.mss;
      break;
  }
  j["reason"] = describe(e.reason, Lang::en);
  j["reason_code"] = why_name(e.reason.why);
  if (auto rfc = rfc_section(e.reason.why); !rfc.empty()) j["rfc"] = rfc;
  if (options.zh) j["reason_zh"] = describe(e.reason, Lang::zh);
  return j;
}

}  // namespace

nlohmann::ordered_json trace_to_json(const Trace& trace, const JsonOptions& options) {
  Json root;
  root["scenario"] = trace.scenario;
  root["seed"] = trace.seed;
  root["profile"] = trace.profile;
  root["sysctls"] = sysctl_object(trace.sysctls);
  Json hosts = Json::array();
  for (const auto& h : trace.hosts) {
    Json host;
    host["name"] = h.name;
    host["addr"] = addr_to_string(h.addr);
    host["sysctls"] = sysctl_object(h.sysctl_overrides);
    hosts.push_back(std::move(host));
  }
  root["hosts"] = std::move(hosts);
  root["end_ms"] = to_ms(trace.end_time);
  root["truncated"] = trace.truncated;
  if (options.segments) {
    Json segments = Json::array();
    for (std::size_t i = 0; i < trace.segments.size(); ++i) {
      segments.push_back(segment_json(trace, i));
    }
    root["segments"] = std::move(segments);
  }
  Json events = Json::array();
  for (const auto& e : trace.events) events.push_back(event_json(trace, e, options));
  root["events"] = std::move(events);
  return root;
}

std::string format_json(const Trace& trace, const JsonOptions& options) {
  // `replace`: a stray invalid byte in a name must not abort the whole export.
  return trace_to_json(trace, options).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace synack
