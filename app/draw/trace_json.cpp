#include "app/draw/trace_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <ostream>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <vector>

#include "app/base/utf8.hpp"
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
  if (e.disagreement.why != Why::none) {  // only in traces read from a capture
    Json d;
    d["reason"] = describe(e.disagreement, Lang::en);
    d["reason_code"] = why_name(e.disagreement.why);
    if (auto rfc = rfc_section(e.disagreement.why); !rfc.empty()) d["rfc"] = rfc;
    if (options.zh) d["reason_zh"] = describe(e.disagreement, Lang::zh);
    j["disagreement"] = std::move(d);
  }
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

namespace {

// Writes what trace_to_json(...).dump(2, ' ', false, replace) would, byte for byte, without
// building the tree: a capture's trace has millions of events. Large event lists are
// formatted in blocks on several threads and written in order, so the bytes do not change.
class Writer {
 public:
  // `out` null: everything stays in the buffer, for take().
  Writer(std::ostream* out, const JsonOptions& options, int depth = 0, bool empty = true)
      : out_(out), o_(options), depth_(depth), empty_(empty) {}
  ~Writer() { flush(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void trace(const Trace& t) {
    open('{');
    text_field("scenario", t.scenario);
    num_field("seed", t.seed);
    text_field("profile", t.profile);
    key("sysctls");
    sysctls(t.sysctls);
    key("hosts");
    open('[');
    for (const auto& h : t.hosts) {
      item();
      open('{');
      text_field("name", h.name);
      text_field("addr", addr_to_string(h.addr));
      key("sysctls");
      sysctls(h.sysctl_overrides);
      close('}');
    }
    close(']');
    ms_field("end_ms", t.end_time);
    raw_field("truncated", t.truncated ? "true" : "false");
    if (o_.segments) {
      key("segments");
      open('[');
      for (std::size_t i = 0; i < t.segments.size(); ++i) {
        item();
        segment(t, i);
        flush_if_full();
      }
      close(']');
    }
    key("events");
    open('[');
    events(t);
    close(']');
    close('}');
    put('\n');
  }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;
  static constexpr std::size_t kBlock = 16384;         // events one thread formats at a time
  static constexpr std::size_t kParallelFrom = 65536;  // fewer: one thread is quicker
  std::ostream* out_;
  const JsonOptions& o_;
  // The bytes not yet written: a plain growing array, since appending is most of the work.
  std::unique_ptr<char[]> buf_;
  std::size_t used_ = 0, capacity_ = 0;
  int depth_ = 0;
  bool empty_ = true;  // nothing written yet in the innermost object or array
  std::unordered_map<std::uint64_t, std::string> reason_text_[2];  // by why, a, b; en and zh

  void events(const Trace& t) {
    const std::size_t n = t.events.size();
    const unsigned threads =
        n < kParallelFrom ? 1 : std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
    if (threads == 1) {
      for (const Event& e : t.events) {
        item();
        event(t, e);
        flush_if_full();
      }
      return;
    }
    flush();
    // One writer per thread for the whole list, so each keeps its reason-text cache.
    std::vector<std::unique_ptr<Writer>> writers;
    for (unsigned k = 0; k < threads; ++k) {
      writers.push_back(std::make_unique<Writer>(nullptr, o_, depth_, false));
    }
    writers[0]->empty_ = empty_;  // the very first event has no comma before it
    for (std::size_t first = 0; first < n; first += kBlock * threads) {
      auto format = [&](unsigned k) {
        Writer& w = *writers[k];
        const std::size_t begin = std::min(n, first + k * kBlock);
        const std::size_t end = std::min(n, begin + kBlock);
        for (std::size_t i = begin; i < end; ++i) {
          w.item();
          w.event(t, t.events[i]);
        }
      };
      std::vector<std::thread> workers;
      for (unsigned k = 1; k < threads; ++k) workers.emplace_back(format, k);
      format(0);
      for (auto& w : workers) w.join();
      for (auto& w : writers) {
        out_->write(w->buf_.get(), static_cast<std::streamsize>(w->used_));
        w->used_ = 0;
        w->empty_ = false;
      }
    }
    empty_ = empty_ && n == 0;
  }

  void flush() {
    if (out_ == nullptr) return;
    out_->write(buf_.get(), static_cast<std::streamsize>(used_));
    used_ = 0;
  }
  void flush_if_full() {
    if (used_ >= kFlushAt) flush();
  }
  void grow(std::size_t n) {
    const std::size_t capacity = std::max({capacity_ * 2, used_ + n, std::size_t{4096}});
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (used_ != 0) std::memcpy(bigger.get(), buf_.get(), used_);
    buf_ = std::move(bigger);
    capacity_ = capacity;
  }
  void put(const char* p, std::size_t n) {
    if (used_ + n > capacity_) grow(n);
    std::memcpy(buf_.get() + used_, p, n);
    used_ += n;
  }
  void put(std::string_view v) { put(v.data(), v.size()); }
  void put(char c) {
    if (used_ == capacity_) grow(1);
    buf_[used_++] = c;
  }
  void indent() {
    static constexpr std::string_view kSpaces = "\n                                ";
    const auto n = static_cast<std::size_t>(depth_) * 2 + 1;
    if (n <= kSpaces.size()) {
      put(kSpaces.substr(0, n));
    } else {
      put('\n');
      for (std::size_t k = 1; k < n; ++k) put(' ');
    }
  }
  void open(char c) {
    put(c);
    ++depth_;
    empty_ = true;
  }
  void close(char c) {
    --depth_;
    if (!empty_) indent();  // else "{}", "[]"
    put(c);
    empty_ = false;
  }
  void item() {
    if (!empty_) put(',');
    empty_ = false;
    indent();
  }
  void key(std::string_view k) {  // keys are plain ASCII names
    // item(), the quote, the name and '": ' in one go: a trace has tens of millions of keys.
    static constexpr std::string_view kLead = ",\n                                ";
    const std::size_t spaces = static_cast<std::size_t>(depth_) * 2;
    if (spaces + 2 > kLead.size()) {
      item();
      put('"');
      put(k);
      put("\": ", 3);
      return;
    }
    const std::string_view lead =
        empty_ ? kLead.substr(1, spaces + 1) : kLead.substr(0, spaces + 2);
    empty_ = false;
    const std::size_t n = lead.size() + 1 + k.size() + 3;
    if (used_ + n > capacity_) grow(n);
    char* p = buf_.get() + used_;
    std::memcpy(p, lead.data(), lead.size());
    p += lead.size();
    *p++ = '"';
    std::memcpy(p, k.data(), k.size());
    p += k.size();
    std::memcpy(p, "\": ", 3);
    used_ += n;
  }
  void raw(std::string_view v) { put(v); }
  void text_field(std::string_view k, std::string_view v) {
    key(k);
    str(v);
  }
  // Text from the program's own tables (states, flags, reason codes, addresses, RFC
  // sections) or already escaped: written as it is.
  void name_field(std::string_view k, std::string_view v) {
    key(k);
    put('"');
    put(v);
    put('"');
  }
  template <class N>
  void num_field(std::string_view k, N v) {
    key(k);
    num(v);
  }
  void ms_field(std::string_view k, Micros t) {
    key(k);
    ms(t);
  }
  void raw_field(std::string_view k, std::string_view v) {
    key(k);
    raw(v);
  }
  template <class N>
  void num(N v) {
    char text[24];
    const auto r = std::to_chars(text, text + sizeof text, v);
    put(text, static_cast<std::size_t>(r.ptr - text));
  }
  void real(double v) {
    char text[64];
    char* end = nlohmann::detail::to_chars(text, text + sizeof text, v);
    put(text, static_cast<std::size_t>(end - text));
  }
  // to_ms(t) as nlohmann prints it, from the integer: whole milliseconds, then up to three
  // decimals with trailing zeros dropped ("280.0", "0.001", "1000.25"). While doubles
  // there are far closer together than 0.001, that is the only shortest decimal that reads
  // back as the same double, which is what nlohmann prints.
  static constexpr Micros kExactMs = Micros{1'000'000'000'000};  // 1e9 ms: doubles 1e-7 apart
  void ms(Micros t) {
    if (t < 0 || t >= kExactMs) {
      real(to_ms(t));
      return;
    }
    num(t / 1000);
    int frac = static_cast<int>(t % 1000);
    char text[4] = {'.', '0', '0', '0'};
    std::size_t n = 2;
    if (frac != 0) {
      text[1] = static_cast<char>('0' + frac / 100);
      text[2] = static_cast<char>('0' + frac / 10 % 10);
      text[3] = static_cast<char>('0' + frac % 10);
      n = 4;
      while (text[n - 1] == '0') --n;
    }
    put(text, n);
  }
  void str(std::string_view v) {
    put('"');
    unsigned char high = 0;
    bool plain = true;
    for (unsigned char c : v) {
      if (c < 0x20 || c == '"' || c == '\\') {
        plain = false;
        break;
      }
      high |= c;
    }
    if (plain && (high < 0x80 || utf8_valid(v))) {
      put(v);
    } else {
      put(escaped(v));
    }
    put('"');
  }
  // Control characters or bad UTF-8: nlohmann's own escaping, exactly, without the quotes.
  static std::string escaped(std::string_view v) {
    const std::string quoted =
        Json(std::string(v)).dump(-1, ' ', false, Json::error_handler_t::replace);
    return quoted.substr(1, quoted.size() - 2);
  }
  void sysctls(const std::vector<std::pair<std::string, KnobValue>>& values) {
    open('{');
    for (const auto& [name, value] : values) {
      key(name);
      const auto knob = find_knob(name);
      if (knob && knob_info(*knob).parts > 1) {
        str(format_knob_value(knob_info(*knob), value));
      } else {
        num(value[0]);
      }
    }
    close('}');
  }
  // The reason's text, escaped for JSON, without quotes.
  const std::string& text(const Reason& r, Lang lang) {
    auto& cache = reason_text_[lang == Lang::zh ? 1 : 0];
    // Most reasons repeat; the few with numbers that do not fit the key are not cached.
    const bool fits = r.a >= 0 && r.a < (1 << 24) && r.b >= 0 && r.b < (std::int64_t{1} << 24);
    if (!fits) return scratch_ = json_text(describe(r, lang));
    const std::uint64_t k = std::uint64_t{static_cast<std::uint16_t>(r.why)} << 48 |
                            static_cast<std::uint64_t>(r.a) << 24 | static_cast<std::uint64_t>(r.b);
    auto it = cache.find(k);
    if (it == cache.end()) it = cache.emplace(k, json_text(describe(r, lang))).first;
    return it->second;
  }
  std::string scratch_;
  static std::string json_text(std::string v) {
    static const JsonOptions kPlain;
    Writer w(nullptr, kPlain, 0, true);
    w.str(v);
    return std::string(w.buf_.get() + 1, w.used_ - 2);
  }

  void segment_fields(const SegmentRecord& r) {
    name_field("src", sockaddr_to_string(r.seg.src));
    name_field("dst", sockaddr_to_string(r.seg.dst));
    name_field("flags", flags_to_string(r.seg.flags));
    num_field("seq", r.rel_seq);
    num_field("ack", r.rel_ack);
    num_field("seq_raw", r.seg.seq);
    num_field("ack_raw", r.seg.ack);
    num_field("len", r.seg.len);
    num_field("win", r.seg.win);
    name_field("options", options_to_string(r.seg.opt, r.sack_base));
    if (r.frag.fragmented()) {
      key("fragment");
      open('{');
      num_field("ip_id", r.frag.id);
      num_field("index", r.frag.index + 1);
      num_field("count", r.frag.count);
      num_field("offset", r.frag.offset);
      num_field("len", r.frag.len);
      raw_field("more", r.frag.more ? "true" : "false");
      close('}');
    }
  }
  // A segment's send and its arrival print the same fields: the second copies the first's.
  void segment_fields_of(std::uint32_t index, const SegmentRecord& r) {
    if (index == last_segment_ && last_depth_ == depth_) {
      put(last_fields_);
      empty_ = false;
      return;
    }
    const std::size_t start = used_;
    segment_fields(r);
    last_fields_.assign(buf_.get() + start, used_ - start);
    last_segment_ = index;
    last_depth_ = depth_;
  }
  std::string last_fields_;
  std::uint32_t last_segment_ = kNoIndex;
  int last_depth_ = -1;

  void segment(const Trace& t, std::size_t index) {
    const SegmentRecord r = t.segments[index];
    open('{');
    num_field("index", index);
    text_field("from", t.host_name(r.from_host));
    key("to");
    if (r.to_host == kNoHost) {
      raw("null");
    } else {
      str(t.host_name(r.to_host));
    }
    segment_fields(r);
    if (r.retransmit_of != kNoIndex) num_field("retransmit_of", r.retransmit_of);
    close('}');
  }
  void reason(const Reason& r) {
    name_field("reason", text(r, Lang::en));
    name_field("reason_code", why_name(r.why));
    if (auto rfc = rfc_section(r.why); !rfc.empty()) name_field("rfc", rfc);
    if (o_.zh) name_field("reason_zh", text(r, Lang::zh));
  }
  void event(const Trace& t, const Event& e) {
    open('{');
    ms_field("t_ms", e.t);
    name_field("type", event_type_name(e.type));
    text_field("host", t.host_name(e.host));
    num_field("conn", e.conn);
    switch (e.type) {
      case EventType::send:
      case EventType::recv:
      case EventType::drop:
        if (e.segment < t.segments.size()) {
          const SegmentRecord r = t.segments[e.segment];
          segment_fields_of(e.segment, r);
          num_field("segment", e.segment);
          if (r.retransmit_of != kNoIndex) num_field("retransmit_of", r.retransmit_of);
        }
        break;
      case EventType::state:
        name_field("from", state_name(e.from));
        name_field("to", state_name(e.to));
        break;
      case EventType::app:
        name_field("call", app_call_name(e.call));
        name_field("result", app_result_name(e.result));
        num_field("value", e.value);
        break;
      case EventType::timer:
        name_field("timer", timer_name(e.timer));
        name_field("action", timer_action_name(e.action));
        key("deadline_ms");
        if (e.deadline == kNever) {
          raw("null");
        } else {
          ms(e.deadline);
        }
        break;
      case EventType::queue:
        num_field("syn_queue", e.syn_queue);
        num_field("syn_queue_max", e.syn_queue_max);
        num_field("accept_queue", e.accept_queue);
        num_field("accept_queue_max", e.accept_queue_max);
        break;
      case EventType::window:
        num_field("cwnd", e.cwnd);
        if (e.ssthresh < kInfiniteSsthresh) num_field("ssthresh", e.ssthresh);
        num_field("in_flight", e.in_flight);
        num_field("peer_window", e.peer_window);
        num_field("mss", e.mss);
        break;
    }
    reason(e.reason);
    if (e.disagreement.why != Why::none) {
      key("disagreement");
      open('{');
      reason(e.disagreement);
      close('}');
    }
    close('}');
  }
};

}  // namespace

void write_json(const Trace& trace, std::ostream& out, const JsonOptions& options) {
  Writer(&out, options).trace(trace);
}

std::string format_json(const Trace& trace, const JsonOptions& options) {
  std::ostringstream out;
  write_json(trace, out, options);
  return std::move(out).str();
}

}  // namespace synack
