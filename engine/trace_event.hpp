#pragma once
// One trace event and one segment record as readers see them: plain values with every
// field. The trace stores them packed (EventLog, SegmentLog) and unpacks on read.

#include <cstdint>
#include <limits>
#include <string_view>

#include "ip_fragment.hpp"
#include "reason.hpp"
#include "segment.hpp"
#include "time.hpp"

namespace synack {

enum class TcpState : std::uint8_t {
  CLOSED,
  LISTEN,
  SYN_SENT,
  SYN_RECEIVED,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSE_WAIT,
  CLOSING,
  LAST_ACK,
  TIME_WAIT,
};
std::string_view state_name(TcpState s);  // "SYN_RECEIVED"

// `window`: a sender's congestion window, slow-start threshold or the peer's window changed.
enum class EventType : std::uint8_t { send, recv, drop, state, app, timer, queue, window };
std::string_view event_type_name(EventType t);

enum class TimerKind : std::uint8_t {
  syn_retransmit,     // tcp_syn_retries
  synack_retransmit,  // tcp_synack_retries
  retransmit,         // data and FIN (RFC 6298; tcp_retries2 / tcp_orphan_retries)
  loss_probe,         // tail-loss probe (tcp_early_retrans)
  delayed_ack,        // TCP_DELACK_MIN 40 ms
  keepalive,          // tcp_keepalive_time / intvl / probes
  fin_wait_2,         // tcp_fin_timeout
  time_wait,          // 2MSL = TCP_TIMEWAIT_LEN 60 s
  ip_reassembly,      // a partial IP datagram is kept ipfrag_time s (one per datagram)
  zero_window_probe,  // persist timer: the peer's window is zero (Linux ICSK_TIME_PROBE0)
  reorder,            // RACK reordering window (RFC 8985 §6.2; Linux ICSK_TIME_REO_TIMEOUT)
};
std::string_view timer_name(TimerKind k);
enum class TimerAction : std::uint8_t { armed, fired, cancelled };
std::string_view timer_action_name(TimerAction a);

enum class AppCall : std::uint8_t {
  listen,
  accept,
  connect,
  send,
  recv,
  shutdown,
  close,
  abort,  // close() with SO_LINGER {1,0}
  keepalive,
  crash_process,
  crash_host,
  reboot_host,
  sleep,
  setsockopt,  // TCP_NODELAY, SO_RCVBUF, SO_SNDBUF
};
std::string_view app_call_name(AppCall c);

enum class AppResult : std::uint8_t {
  ok,
  blocked,  // the call is waiting; a second event says how it ended
  eof,
  econnrefused,
  etimedout,
  econnreset,
  epipe,
  eaddrinuse,
  enotconn,
  eaddrnotavail,  // no free ephemeral port
};
std::string_view app_result_name(AppResult r);  // "ok", "EOF", "ECONNREFUSED", ...

inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();
// Linux's TCP_INFINITE_SSTHRESH: no loss seen yet, slow start has no ceiling.
inline constexpr std::uint32_t kInfiniteSsthresh = 0x7fffffff;

// A segment as it was put on the wire, with Wireshark-style relative numbers.
struct SegmentRecord {
  Segment seg;
  std::uint32_t rel_seq = 0;
  std::uint32_t rel_ack = 0;
  std::uint32_t sack_base = 0;             // raw base for printing SACK edges
  std::uint32_t retransmit_of = kNoIndex;  // first transmission of the same bytes/flags
  std::uint16_t from_host = 0;
  std::uint16_t to_host = 0;  // kNoHost when nobody owns dst
  IpFragment frag;            // one IP fragment of `seg` (frag.count 0: not fragmented)
  bool operator==(const SegmentRecord&) const = default;
};
inline constexpr std::uint16_t kNoHost = std::numeric_limits<std::uint16_t>::max();

struct Event {
  Micros t = 0;
  EventType type = EventType::send;
  std::uint16_t host = 0;  // send/drop: sender; recv: receiver; others: where it happened
  Reason reason;
  std::uint32_t segment = kNoIndex;  // send/recv/drop: index into Trace::segments
  std::uint32_t conn = 0;            // connection id on `host` (0: none)
  // state
  TcpState from = TcpState::CLOSED;
  TcpState to = TcpState::CLOSED;
  // app
  AppCall call = AppCall::listen;
  AppResult result = AppResult::ok;
  std::int64_t value = 0;  // bytes for send/recv, backlog for listen
  // timer
  TimerKind timer = TimerKind::retransmit;
  TimerAction action = TimerAction::armed;
  Micros deadline = 0;
  // queue
  std::uint32_t syn_queue = 0;
  std::uint32_t syn_queue_max = 0;
  std::uint32_t accept_queue = 0;
  std::uint32_t accept_queue_max = 0;
  // window: the sender's view after the change (segments, as Linux counts cwnd)
  std::uint32_t cwnd = 0;
  std::uint32_t ssthresh = 0;     // kInfiniteSsthresh until the first loss
  std::uint32_t in_flight = 0;    // segments in the network (RFC 6675 pipe)
  std::uint32_t peer_window = 0;  // bytes the peer's last ACK allows beyond SND.UNA
  std::uint32_t mss = 0;          // bytes per segment, to draw cwnd in bytes
  // What a real endpoint did that the engine would not have done (an imported capture's
  // send events only; is_disagreement(why)). Why::none everywhere else.
  Reason disagreement;
  bool operator==(const Event&) const = default;
};

// An event with the fields every type has; the caller fills in what its type needs.
inline Event make_event(Micros t, EventType type, std::uint16_t host, std::uint32_t conn,
                        Reason why) {
  Event e;
  e.t = t;
  e.type = type;
  e.host = host;
  e.conn = conn;
  e.reason = why;
  return e;
}

// A timer event; a reason of Why::none becomes the plain armed / fired / cancelled one.
Event make_timer_event(Micros t, std::uint16_t host, std::uint32_t conn, TimerKind kind,
                       TimerAction action, Micros deadline, Reason why);

// An attacker's segment (a spoofed SYN of a flood, a crafted injection): not a move of either
// endpoint, so nobody predicts, drops or asks about it.
inline bool is_attacker_event(const Event& e) {
  return e.reason.why == Why::attacker_spoofed_syn || e.reason.why == Why::attacker_injected;
}

}  // namespace synack
