#include "app/capture/capture_replay.hpp"

#include <algorithm>
#include <unordered_map>

namespace synack {
namespace {

constexpr Micros kTimeWait = 60 * kMicrosPerSec;  // Linux's TCP_TIMEWAIT_LEN
constexpr std::size_t kMaxHosts = 65000;          // host indices are 16 bits
constexpr Addr kSyntheticV6 = 0xf0000000;         // 240.0.0.0/4: never on the wire

bool closing(TcpState s) {
  return s == TcpState::FIN_WAIT_1 || s == TcpState::FIN_WAIT_2 || s == TcpState::CLOSING ||
         s == TcpState::LAST_ACK || s == TcpState::TIME_WAIT;
}

// One endpoint as the replay sees it. Sequence numbers are raw: `iss` its own, `rcv_nxt`
// in the peer's space.
struct Side {
  TcpState state = TcpState::CLOSED;
  bool via_listen = false;
  bool iss_known = false;
  std::uint32_t iss = 0;
  bool rcv_known = false;
  std::uint32_t rcv_nxt = 0;
  bool fin_sent = false;
  std::uint32_t fin_seq = 0;
  bool fin_waiting = false;  // the peer's FIN came beyond a hole
  std::uint32_t fin_at = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out_of_order;
  bool data_after_close = false;
  bool refused_syn = false;  // the last segment in was a SYN it does not take
  Reason reply;              // why its next plain ACK goes out
};

struct Conv {
  Side side[2];
  bool recorded = false;
  std::uint32_t conn = 0;
  std::uint16_t host[2] = {0, 0};
  std::uint32_t syns = 0, synacks = 0;
  bool established = false;
};

struct HostKey {
  IpAddr addr;
  std::uint16_t port = 0;  // 0 unless both ends of a conversation share the address
  bool operator==(const HostKey&) const = default;
};
struct HostKeyHash {
  std::size_t operator()(const HostKey& k) const {
    std::uint64_t h = k.port;
    for (std::uint8_t b : k.addr.bytes) h = h * 1099511628211ULL + b;
    return static_cast<std::size_t>(h ^ (h >> 31));
  }
};

class Replay {
 public:
  Replay(const CaptureData& d, std::optional<std::uint32_t> stream,
         std::vector<ConversationEnd>& ends)
      : d_(d), stream_(stream), ends_(ends), convs_(d.conversations.size()) {}

  Trace run() {
    const auto n = static_cast<std::uint32_t>(d_.packets.size());
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t slot = d_.facts[i].slot;
      if (slot != kNoPacket && slot > i) later_.emplace_back(slot, i);
    }
    std::sort(later_.begin(), later_.end());
    segment_of_.assign(n, kNoIndex);
    ends_.assign(d_.conversations.size(), ConversationEnd{});
    if (stream_ && *stream_ < d_.conversations.size()) {
      offset_ = d_.packets[d_.conversations[*stream_].first].t;
    }
    trace_.scenario = d_.name;
    trace_.profile = "capture";
    // One segment per packet, and two events (send, arrival) per packet plus about a dozen
    // state changes per conversation: reserved, the logs never copy themselves as they grow.
    const std::size_t packets =
        stream_ && *stream_ < d_.conversations.size() ? d_.conversations[*stream_].packets : n;
    const std::size_t conversations = stream_ ? 1 : d_.conversations.size();
    trace_.segments.reserve(packets);
    trace_.events.reserve(2 * packets + 16 * conversations);
    for (std::uint32_t i = 0; i < n; ++i) step(i);
    trace_.end_time = now_;
    trace_.segments.finish_appending();
    trace_.events.finish_appending();
    return std::move(trace_);
  }

 private:
  const CaptureData& d_;
  std::optional<std::uint32_t> stream_;
  std::vector<ConversationEnd>& ends_;
  std::vector<Conv> convs_;
  Trace trace_;
  std::vector<std::uint32_t> segment_of_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> later_;  // (slot, packet)
  std::size_t later_at_ = 0;
  std::unordered_map<HostKey, std::uint16_t, HostKeyHash> hosts_;
  Micros offset_ = 0;
  Micros now_ = 0;

  void step(std::uint32_t i) {
    const CapturedPacket& p = d_.packets[i];
    const ConversationRecord& cr = d_.conversations[p.conv];
    Conv& c = convs_[p.conv];
    now_ = std::max(now_, p.t - offset_);
    if (i == cr.first) begin(c, p);
    send(c, i);
    while (later_at_ < later_.size() && later_[later_at_].first == i) {
      deliver(convs_[d_.packets[later_[later_at_].second].conv], later_[later_at_].second);
      ++later_at_;
    }
    if (d_.facts[i].slot == i) deliver(c, i);
    if (i == cr.last) end(c, p.conv);
  }

  // ---- hosts, events and segment records

  std::uint16_t host_for(const Endpoint& e, bool by_port) {
    const HostKey key{e.addr, by_port ? e.port : std::uint16_t{0}};
    auto it = hosts_.find(key);
    if (it != hosts_.end()) return it->second;
    if (trace_.hosts.size() >= kMaxHosts) {
      if (trace_.hosts.size() == kMaxHosts) trace_.hosts.push_back({"(other addresses)", 0, {}});
      return static_cast<std::uint16_t>(kMaxHosts);
    }
    HostInfo h;
    h.name = by_port ? endpoint_to_string(e) : ip_to_string(e.addr);
    h.addr = e.addr.v6 ? kSyntheticV6 + static_cast<Addr>(trace_.hosts.size()) : ipv4_of(e.addr);
    const auto index = static_cast<std::uint16_t>(trace_.hosts.size());
    trace_.hosts.push_back(std::move(h));
    hosts_.emplace(key, index);
    return index;
  }

  void push(Conv& c, Event e) {
    if (c.recorded) trace_.events.push_back(e);
  }

  void state(Conv& c, int s, TcpState to, Reason why) {
    Event e = make_event(now_, EventType::state, c.host[s], c.conn, why);
    e.from = c.side[s].state;
    e.to = to;
    push(c, e);
    c.side[s].state = to;
    if (to == TcpState::ESTABLISHED) c.established = true;
  }

  std::uint32_t record(Conv& c, std::uint32_t i) {
    const CapturedPacket& p = d_.packets[i];
    const ConversationRecord& cr = d_.conversations[p.conv];
    const std::uint32_t retransmit_of = d_.facts[i].retransmit_of;
    const Endpoint& from = p.dir == 0 ? cr.a : cr.b;
    const Endpoint& to = p.dir == 0 ? cr.b : cr.a;
    SegmentRecord r;
    r.seg.src = {trace_.hosts[c.host[p.dir]].addr, from.port};
    r.seg.dst = {trace_.hosts[c.host[1 - p.dir]].addr, to.port};
    r.seg.seq = p.seq;
    r.seg.ack = p.ack;
    r.seg.flags = p.flags;
    r.seg.win = p.win;
    r.seg.len = p.len;
    r.seg.opt.mss = p.mss;
    r.seg.opt.wscale = p.wscale;
    r.seg.opt.sack_permitted = p.sack_permitted;
    r.seg.opt.has_timestamp = p.has_timestamp;
    r.seg.opt.ts_val = p.ts_val;
    r.seg.opt.ts_ecr = p.ts_ecr;
    r.seg.opt.sack_count = p.sack_count;
    for (std::uint8_t k = 0; k < p.sack_count; ++k) r.seg.opt.sack[k] = d_.sacks[p.sack_at + k];
    r.rel_seq = p.seq - cr.base[p.dir];
    r.sack_base = cr.based[1 - p.dir] ? cr.base[1 - p.dir] : 0;
    r.rel_ack = p.has(kAck) ? p.ack - r.sack_base : 0;
    r.retransmit_of = retransmit_of != kNoPacket ? segment_of_[retransmit_of] : kNoIndex;
    r.from_host = c.host[p.dir];
    r.to_host = c.host[1 - p.dir];
    trace_.segments.push_back(r);
    return static_cast<std::uint32_t>(trace_.segments.size() - 1);
  }

  // ---- a conversation's first and last packet

  void begin(Conv& c, const CapturedPacket& p) {
    const ConversationRecord& cr = d_.conversations[p.conv];
    c.recorded = !stream_ || *stream_ == cr.stream;
    c.conn = cr.stream + 1;
    if (c.recorded) {
      const bool by_port = cr.a.addr == cr.b.addr;
      c.host[0] = host_for(cr.a, by_port);
      c.host[1] = host_for(cr.b, by_port);
    }
    const int x = p.dir, y = 1 - p.dir;
    if ((p.flags & (kSyn | kAck)) == kSyn || p.has(kRst)) return;
    const Reason midstream{Why::capture_midstream};
    if (p.has(kSyn)) {  // the SYN itself was not captured
      c.side[x].via_listen = true;
      state(c, x, TcpState::SYN_RECEIVED, midstream);
      state(c, y, TcpState::SYN_SENT, midstream);
      c.side[y].iss_known = true;
      c.side[y].iss = p.ack - 1;
      c.side[x].rcv_known = true;
      c.side[x].rcv_nxt = p.ack;
      return;
    }
    state(c, 0, TcpState::ESTABLISHED, midstream);
    state(c, 1, TcpState::ESTABLISHED, midstream);
  }

  void end(Conv& c, std::uint32_t conv) {
    if ((c.syns > 0 || c.synacks > 0) && !c.established) {
      const Reason why{Why::capture_handshake_incomplete, c.syns, c.synacks};
      for (int s = 0; s < 2; ++s) {
        const TcpState now = c.side[s].state;
        if (now == TcpState::SYN_SENT || now == TcpState::SYN_RECEIVED) state(c, s, now, why);
      }
    }
    ConversationEnd& e = ends_[conv];
    e.state = {c.side[0].state, c.side[1].state};
    e.handshake_seen = c.syns > 0;
    e.established = c.established;
    c.side[0] = Side{};
    c.side[1] = Side{};
  }

  // ---- sending

  Reason rst_reason(const Side& x, const PacketFacts& f) const {
    if (!f.label.empty()) return f.label.full();
    if (x.refused_syn) return {Why::rst_closed_port};
    if (x.state == TcpState::CLOSED || x.state == TcpState::LISTEN) return {Why::rst_no_connection};
    if (closing(x.state) && x.data_after_close) return {Why::rst_data_after_close};
    return {Why::capture_rst_abort};
  }

  Reason send_reason(const Side& x, const CapturedPacket& p, const PacketFacts& f) const {
    if (p.has(kRst)) return rst_reason(x, f);
    if (!f.label.empty()) return f.label.full();
    if (p.has(kSyn)) {
      if (!p.has(kAck)) return {Why::connect_sends_syn};
      return {x.via_listen ? Why::syn_received_listen : Why::simultaneous_open_syn};
    }
    if (p.has(kFin)) return {Why::capture_fin_sent};
    if (p.len > 0) return {Why::data_sent};
    if (x.reply.why != Why::none) return x.reply;
    return {Why::capture_ack_sent};
  }

  void send(Conv& c, std::uint32_t i) {
    const CapturedPacket& p = d_.packets[i];
    const PacketFacts& f = d_.facts[i];
    const int s = p.dir;
    Side& x = c.side[s];
    const Reason why = send_reason(x, p, f);
    if (p.has(kSyn)) ++(p.has(kAck) ? c.synacks : c.syns);
    if ((p.flags & (kSyn | kAck | kRst)) == kSyn) {
      if (x.state == TcpState::CLOSED) state(c, s, TcpState::SYN_SENT, {Why::connect_sends_syn});
      x.iss_known = true;
      x.iss = p.seq;
    } else if (p.has(kSyn) && !p.has(kRst)) {
      x.iss_known = true;
      x.iss = p.seq;
    }
    if (p.has(kFin) && !p.has(kRst) && !x.fin_sent) {
      x.fin_sent = true;
      x.fin_seq = p.seq + p.len;
      if (x.state == TcpState::ESTABLISHED || x.state == TcpState::SYN_RECEIVED) {
        state(c, s, TcpState::FIN_WAIT_1, {Why::capture_fin_sent});
      } else if (x.state == TcpState::CLOSE_WAIT) {
        state(c, s, TcpState::LAST_ACK, {Why::capture_fin_sent});
      }
    }
    if (c.recorded) {
      segment_of_[i] = record(c, i);
      Event e = make_event(now_, EventType::send, c.host[s], c.conn, why);
      e.segment = segment_of_[i];
      e.disagreement = f.disagreement.full();
      push(c, e);
      if (f.is(kMarkLost)) {
        Event drop = make_event(now_, EventType::drop, c.host[s], c.conn, f.lost.full());
        drop.segment = segment_of_[i];
        push(c, drop);
      }
    }
    x.reply = {};
    x.refused_syn = false;
    if (p.has(kRst) && x.state != TcpState::CLOSED) state(c, s, TcpState::CLOSED, why);
  }

  // ---- receiving

  void deliver(Conv& c, std::uint32_t j);
  void take_data(Conv& c, int s, const CapturedPacket& q);
  void take_fin(Conv& c, int s);
  void on_syn(Conv& c, int s, const CapturedPacket& q, const PacketFacts& f);
  void on_ack(Conv& c, int s, const CapturedPacket& q);
};

void Replay::deliver(Conv& c, std::uint32_t j) {
  const CapturedPacket& q = d_.packets[j];
  const PacketFacts& f = d_.facts[j];
  const int s = 1 - q.dir;
  Side& y = c.side[s];
  if (f.is(kMarkAnsweredBareRst) && y.state != TcpState::CLOSED) {
    state(c, s, TcpState::CLOSED,
          {y.state == TcpState::FIN_WAIT_2 ? Why::capture_fin_wait2_gone
                                           : Why::capture_state_forgotten});
  }
  Reason why{Why::capture_arrival};
  if (f.is(kMarkDupAck)) {
    why = f.label.full();
  } else if (q.len > 0 && y.rcv_known && !q.has(kSyn)) {
    if (seq_le(q.seq + q.len, y.rcv_nxt)) {
      why = {Why::data_duplicate};
    } else if (seq_gt(q.seq, y.rcv_nxt)) {
      why = {Why::data_out_of_order};
    }
  } else if (q.has(kFin) && y.state == TcpState::TIME_WAIT) {
    why = {Why::time_wait_restart};
  }
  if (c.recorded && segment_of_[j] != kNoIndex) {
    Event e = make_event(now_, EventType::recv, c.host[s], c.conn, why);
    e.segment = segment_of_[j];
    push(c, e);
  }
  if (q.has(kRst)) {
    if (y.state != TcpState::CLOSED) {
      const bool refused = y.state == TcpState::SYN_SENT;
      state(c, s, TcpState::CLOSED, {refused ? Why::rst_in_syn_sent : Why::rst_received});
    }
    return;
  }
  if (q.has(kSyn)) {
    on_syn(c, s, q, f);
    return;
  }
  if (y.state == TcpState::CLOSED) return;  // nobody there to take it
  if (q.has(kAck)) on_ack(c, s, q);
  take_data(c, s, q);
}

void Replay::on_syn(Conv& c, int s, const CapturedPacket& q, const PacketFacts& f) {
  Side& y = c.side[s];
  if (!q.has(kAck)) {
    if (y.state == TcpState::CLOSED) {
      if (!f.is(kMarkAnsweredSynAck)) {
        y.refused_syn = true;
        return;
      }
      state(c, s, TcpState::LISTEN, {Why::capture_listening});
      y.via_listen = true;
      state(c, s, TcpState::SYN_RECEIVED, {Why::syn_received_listen});
    } else if (y.state == TcpState::SYN_SENT) {
      state(c, s, TcpState::SYN_RECEIVED, {Why::simultaneous_open_syn});
    } else if (y.state != TcpState::SYN_RECEIVED || q.seq + 1 != y.rcv_nxt) {
      y.reply = {Why::challenge_ack};
      return;
    }
    y.rcv_known = true;
    y.rcv_nxt = q.seq + 1;
    return;
  }
  const bool acks_ours = y.iss_known && q.ack == y.iss + 1;
  if (y.state == TcpState::SYN_SENT && acks_ours) {
    y.rcv_known = true;
    y.rcv_nxt = q.seq + 1;
    state(c, s, TcpState::ESTABLISHED, {Why::synack_received});
    y.reply = {Why::synack_received};
  } else if (y.state == TcpState::SYN_RECEIVED && acks_ours) {
    y.rcv_known = true;
    y.rcv_nxt = q.seq + 1;
    state(c, s, TcpState::ESTABLISHED, {Why::simultaneous_open_synack});
    y.reply = {Why::simultaneous_open_synack};
  } else if (y.state != TcpState::CLOSED) {
    y.reply = {Why::old_segment_rejected};  // a repeated SYN-ACK: ACK it again
  }
}

void Replay::on_ack(Conv& c, int s, const CapturedPacket& q) {
  Side& y = c.side[s];
  if (y.state == TcpState::SYN_RECEIVED && y.iss_known && seq_ge(q.ack, y.iss + 1)) {
    state(c, s, TcpState::ESTABLISHED,
          {q.len > 0 || q.has(kFin) ? Why::handshake_done_by_data : Why::handshake_ack});
  }
  if (!y.fin_sent || !seq_ge(q.ack, y.fin_seq + 1)) return;
  if (y.state == TcpState::FIN_WAIT_1) {
    state(c, s, TcpState::FIN_WAIT_2, {Why::fin_acked});
  } else if (y.state == TcpState::CLOSING) {
    state(c, s, TcpState::TIME_WAIT, {Why::time_wait_enter, 0, kTimeWait});
  } else if (y.state == TcpState::LAST_ACK) {
    state(c, s, TcpState::CLOSED, {Why::last_ack_acked});
  }
}

void Replay::take_data(Conv& c, int s, const CapturedPacket& q) {
  Side& y = c.side[s];
  if (!y.rcv_known) {  // mid-connection: what comes first is what was expected
    y.rcv_known = true;
    y.rcv_nxt = q.seq;
  }
  if (q.len > 0 && closing(y.state) && y.fin_sent) y.data_after_close = true;
  const std::uint32_t end = q.seq + q.len;
  if (q.has(kFin)) {
    if (seq_lt(end, y.rcv_nxt)) {  // a FIN it has already
      if (y.state == TcpState::TIME_WAIT) {
        y.reply = {Why::time_wait_restart};
      } else if (y.reply.why == Why::none) {
        y.reply = {Why::old_segment_rejected};
      }
    } else if (!y.fin_waiting) {
      y.fin_waiting = true;
      y.fin_at = end;
    }
  }
  if (q.len > 0) {
    if (seq_le(q.seq, y.rcv_nxt) && seq_gt(end, y.rcv_nxt)) {
      y.rcv_nxt = end;
    } else if (seq_gt(q.seq, y.rcv_nxt) && y.out_of_order.size() < 64) {
      y.out_of_order.emplace_back(q.seq, end);
    }
    // Held data the new edge reaches now moves in.
    for (bool moved = true; moved && !y.out_of_order.empty();) {
      moved = false;
      for (auto it = y.out_of_order.begin(); it != y.out_of_order.end(); ++it) {
        if (seq_le(it->first, y.rcv_nxt)) {
          if (seq_gt(it->second, y.rcv_nxt)) y.rcv_nxt = it->second;
          y.out_of_order.erase(it);
          moved = true;
          break;
        }
      }
    }
  }
  if (y.fin_waiting && y.fin_at == y.rcv_nxt) take_fin(c, s);
}

void Replay::take_fin(Conv& c, int s) {
  Side& y = c.side[s];
  y.fin_waiting = false;
  y.rcv_nxt = y.fin_at + 1;
  switch (y.state) {
    case TcpState::SYN_RECEIVED:
    case TcpState::ESTABLISHED:
      state(c, s, TcpState::CLOSE_WAIT, {Why::fin_received});
      y.reply = {Why::fin_received};
      break;
    case TcpState::FIN_WAIT_1:
      state(c, s, TcpState::CLOSING, {Why::simultaneous_close});
      y.reply = {Why::simultaneous_close};
      break;
    case TcpState::FIN_WAIT_2:
      state(c, s, TcpState::TIME_WAIT, {Why::time_wait_enter, 0, kTimeWait});
      y.reply = {Why::fin_received};
      break;
    default:
      break;
  }
}

}  // namespace

Trace replay_capture(const CaptureData& d, std::optional<std::uint32_t> stream,
                     std::vector<ConversationEnd>& ends) {
  return Replay(d, stream, ends).run();
}

}  // namespace synack
