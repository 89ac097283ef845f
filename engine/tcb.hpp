#pragma once
// The transmission control block (RFC 9293 §3.3.1) of one connection, the request socket
// a listener keeps for a half-open connection, and the listener itself.

#include <algorithm>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "congestion.hpp"
#include "kernel_constants.hpp"
#include "segment.hpp"
#include "timer.hpp"
#include "trace.hpp"
#include "unacked_queue.hpp"

namespace synack {

inline constexpr std::uint32_t kNone = 0xffffffffu;
// Linux sysctl tcp_reordering's default: without SACK, this many duplicate ACKs prove a loss.
inline constexpr std::uint32_t kReordering = 3;

// Options agreed in the handshake.
struct Negotiated {
  std::uint16_t peer_mss = 536;  // RFC 9293 §3.7.1 default when the option is absent
  bool timestamps = false;
  bool sack = false;
  std::int8_t snd_wscale = 0;  // shift the peer applies to its window (we apply to its field)
  std::int8_t rcv_wscale = 0;  // shift we apply to the window we advertise
};

// One segment's worth of sequence space waiting for an ACK (like Linux's rtx queue).
struct Unacked {
  std::uint32_t seq = 0;
  std::uint32_t len = 0;   // payload bytes
  std::uint8_t flags = 0;  // SYN, FIN and PSH as first sent
  Micros first_sent = 0;
  Micros last_sent = 0;                   // latest (re)transmission: RACK orders by it
  std::uint32_t sent_order = 0;           // ...and by this count within one instant
  std::uint32_t first_record = kNoIndex;  // trace index of the first transmission
  bool retransmitted = false;
  bool sacked = false;
  bool lost = false;        // marked lost (RTO, RACK, duplicate ACKs) and not resent since
  Why lost_by = Why::none;  // how it was found lost: the reason its retransmission gives

  std::uint32_t end() const {
    return seq + len + ((flags & kSyn) ? 1 : 0) + ((flags & kFin) ? 1 : 0);
  }
};

struct Tcb {
  std::uint32_t id = 0;          // also the connection id in the trace; kNone once closed
  std::uint32_t slot_owner = 0;  // the id this table slot belongs to (stays after closing)
  std::uint32_t slot = 0;        // where it lives in its host's ConnectionTable
  std::uint16_t host = 0;
  std::uint32_t program = kNone;   // owning program (kNone: orphaned or not yet accepted)
  std::uint32_t listener = kNone;  // passive open: the listener it came from
  TcpState state = TcpState::CLOSED;
  SockAddr local;
  SockAddr remote;

  // Send sequence space (RFC 9293 §3.3.1).
  std::uint32_t iss = 0;
  std::uint32_t snd_una = 0;
  std::uint32_t snd_nxt = 0;
  std::uint32_t snd_wnd = 0;  // bytes, already scaled
  std::uint32_t snd_wl1 = 0;  // SEG.SEQ of the segment that last updated snd_wnd
  std::uint32_t snd_wl2 = 0;  // SEG.ACK of that segment
  std::int64_t unsent = 0;    // bytes written by the app, not yet sent
  std::int64_t sndbuf = 0;    // SO_SNDBUF: unsent + unacknowledged bytes allowed (0: no limit)
  bool nodelay = false;       // TCP_NODELAY: no Nagle
  std::uint32_t snd_sml = 0;  // end of the last small segment sent (Linux's Minshall Nagle)
  // A send() that blocks on a full buffer pushes what it has queued (Linux tcp_push() with
  // TCP_NAGLE_PUSH): the segment holding the last queued byte carries PSH, and Nagle holds
  // nothing back in that call.
  std::vector<std::uint32_t> push_ends;  // ends of what was queued each time it blocked
  bool nagle_push = false;               // only during that send()'s output()
  bool fin_pending = false;              // app closed its sending side; FIN goes after `unsent`
  bool fin_sent = false;
  std::uint32_t fin_seq = 0;
  // The largest window the peer has offered (Linux max_window): segments are at most half.
  std::uint32_t max_window = 0;
  FrontPoppedVector<Unacked> rtx_queue;  // in sequence order; ACKs pop the front

  // Receive sequence space.
  std::uint32_t irs = 0;
  std::uint32_t rcv_nxt = 0;
  std::int64_t rcv_unread = 0;  // in-order bytes the app has not read
  // Receive buffer (flow control), set by init_receive_buffer() from tcp_rmem or SO_RCVBUF:
  // the window we may offer grows up to rcv_space_max as full segments arrive (autotuning),
  // unless SO_RCVBUF fixed it.
  std::int64_t rcv_space = 0;
  std::int64_t rcv_space_max = 0;
  std::int64_t rcvbuf_set = 0;  // SO_RCVBUF as the program set it (0: the default)
  std::uint32_t rcv_right = 0;  // right edge of the window last advertised (never shrinks)
  bool rcv_advertised = false;
  bool pingpong = false;                // interactive: our data answers theirs, ACKs ride on it
  Micros last_data_in = -1;             // when data last arrived (Linux lrcvtime)
  bool fin_received = false;            // EOF waiting for the app
  std::vector<SackBlock> out_of_order;  // received beyond a hole, most recent first
  // A FIN that arrived beyond a hole waits here (its sequence number is inside the last
  // SACK block) and is processed when the hole fills, like Linux's out-of-order queue.
  bool fin_out_of_order = false;
  std::uint32_t peer_fin_seq = 0;
  SackBlock dsack{};  // duplicate to report once (RFC 2883)
  bool dsack_pending = false;
  std::uint32_t ts_recent = 0;
  Micros ts_recent_stamp = -1;  // when ts_recent was last updated (tcp_tw_reuse's 1 s rule)

  Negotiated opt;
  std::uint16_t our_mss = 1460;
  std::uint32_t ts_offset = 0;

  // RTT and retransmission state (RFC 6298).
  Micros srtt = 0;
  Micros rttvar = 0;
  bool have_rtt = false;
  Micros rto = kMicrosPerSec;
  int retransmits = 0;       // consecutive timeouts without progress
  Micros retrans_stamp = 0;  // when the SYN was first sent (tcp_syn_retries counts from it)
  // The first retransmission of data or FIN since snd_una last moved (Linux's retrans_stamp
  // for an established socket; a tail-loss probe does not set it): tcp_retries2 and
  // tcp_orphan_retries count their time from here.
  Micros first_retransmit_at = kNever;
  bool in_recovery = false;  // fast recovery or the loss state after an RTO
  std::uint32_t recovery_point = 0;
  bool tlp_sent = false;
  bool rto_recovery = false;  // the recovery is the loss state after an RTO (cwnd from 1)

  // Congestion control (congestion.hpp) and what loss recovery counts, in segments.
  Congestion cc;
  // With SACK the segments SACKed; without, one per duplicate ACK (Linux's "reno SACKs").
  std::uint32_t sacked_out = 0;
  std::uint32_t lost_out = 0;
  // Duplicate ACKs that prove a loss without SACK (Linux tp->reordering): more duplicates
  // than segments out means reordering, and it becomes what was out.
  std::uint32_t reordering = kReordering;
  std::uint32_t prior_cwnd = 0;  // PRR (RFC 6937): cwnd when recovery began
  std::uint32_t prr_delivered = 0;
  std::uint32_t prr_out = 0;
  std::uint32_t max_packets_out = 0;  // most segments in flight in the current window
  std::uint32_t cwnd_usage_seq = 0;   // when snd_una passes it, max_packets_out restarts
  bool cwnd_limited = false;          // the last send was stopped by cwnd, not the app
  Micros min_rtt = kNever;
  Micros last_send = 0;  // Linux lsndtime: idle restart measures from it
  // RACK (RFC 8985): the most recently sent segment known to be delivered.
  Micros rack_xmit = -1;
  std::uint32_t rack_order = 0;
  std::uint32_t transmissions = 0;  // numbers every (re)transmission, for RACK's order
  Micros rack_rtt = 0;
  bool reordering_seen = false;
  // Zero-window probing (persist timer).
  int zwp_out = 0;  // unanswered probes
  int zwp_backoff = 0;
  Reason window_why;  // why cwnd or ssthresh last changed, for the next window event
  // The sizes last reported in a window event.
  std::uint32_t shown_cwnd = 0;
  std::uint32_t shown_ssthresh = 0;
  std::uint32_t shown_window = 0;

  // ACK scheduling.
  bool ack_pending = false;
  Micros last_oow_ack = -1;    // last reply to an out-of-window segment (rate limit)
  bool data_received = false;  // Linux's delayed-ACK timeout (ato) is 0 until the first data
  int quick_acks = 16;         // Linux TCP_MAX_QUICKACKS: ACK at once at the start of a connection
  std::uint32_t bytes_since_ack = 0;

  // Keepalive (SO_KEEPALIVE).
  bool keepalive = false;
  int ka_idle_s = 0;
  int ka_intvl_s = 0;
  int ka_probes = 0;
  int probes_out = 0;
  Micros last_received = 0;

  // App-side flags.
  bool orphaned = false;  // close() called: no process owns it any more
  bool shut_wr = false;
  bool shut_rd = false;
  AppResult error = AppResult::ok;  // pending socket error (ECONNRESET, ETIMEDOUT...)
  bool in_accept_queue = false;

  Timer rtx_timer;  // SYN, data/FIN retransmission and the tail-loss probe
  TimerKind rtx_kind = TimerKind::retransmit;
  Timer delack_timer;
  Timer keepalive_timer;
  Timer close_timer;  // TIME_WAIT or orphaned FIN_WAIT_2
  TimerKind close_kind = TimerKind::time_wait;

  std::uint32_t flight_size() const { return snd_nxt - snd_una; }
  // Bytes the peer's window still allows beyond SND.NXT (0 when it is full or shrank).
  std::int64_t send_room() const {
    return std::max<std::int64_t>(0, static_cast<std::int32_t>(snd_una + snd_wnd - snd_nxt));
  }
  std::uint32_t packets_out() const { return static_cast<std::uint32_t>(rtx_queue.size()); }
  // Segments in the network (RFC 6675 "pipe", Linux tcp_packets_in_flight): sent, not
  // SACKed, not presumed lost; a retransmission counts again.
  std::uint32_t in_flight() const { return packets_out() - sacked_out - lost_out; }

  void mark_sacked(Unacked& u) {
    if (u.sacked) return;
    if (u.lost) --lost_out;
    u.lost = false;
    u.sacked = true;
    ++sacked_out;
  }
  void mark_lost(Unacked& u, Why by) {
    if (u.lost || u.sacked) return;
    u.lost = true;
    u.lost_by = by;
    ++lost_out;
  }
  void unmark_lost(Unacked& u) {
    if (!u.lost) return;
    u.lost = false;
    --lost_out;
  }
  // Takes the first segment off the retransmission queue (it was cumulatively ACKed).
  void pop_acked() {
    const Unacked& u = rtx_queue.front();
    if (u.sacked) --sacked_out;
    if (u.lost) --lost_out;
    rtx_queue.pop_front();
  }
};

// What a SYN offered, all a request needs to remember of it.
struct SynOptions {
  std::uint16_t mss = 0;    // 0: option absent
  std::int8_t wscale = -1;  // -1: option absent
  bool sack_permitted = false;
  bool has_timestamp = false;
  std::uint32_t ts_val = 0;

  static SynOptions of(const Segment& syn) {
    return {syn.opt.mss, syn.opt.wscale, syn.opt.sack_permitted, syn.opt.has_timestamp,
            syn.opt.ts_val};
  }
};

// A half-open connection kept by a listener (Linux: request_sock): a few dozen bytes, not a
// TCB, so a flood that fills the SYN queue costs little.
struct Request {
  std::uint32_t conn = 0;  // trace connection id; the child TCB keeps it
  SockAddr local;
  SockAddr remote;
  std::uint32_t iss = 0;
  std::uint32_t irs = 0;
  SynOptions syn;
  std::uint8_t num_timeout = 0;
  bool acked = false;  // final ACK arrived while the accept queue was full
  Micros created = 0;
  std::uint32_t first_synack_record = kNoIndex;
  Timer timer;
};

struct SockAddrHash {
  std::size_t operator()(SockAddr a) const {
    return std::hash<std::uint64_t>{}((std::uint64_t{a.addr} << 16 | a.port) *
                                      0x9e3779b97f4a7c15ull);
  }
};
// The SYN queue, by the peer's address and port.
using SynQueue = std::unordered_map<SockAddr, Request, SockAddrHash>;

struct Listener {
  std::uint32_t id = 0;
  std::uint32_t conn = 0;  // trace connection id of the listening socket
  std::uint16_t host = 0;
  std::uint16_t port = 0;
  std::uint32_t program = kNone;
  int backlog = 0;  // min(listen backlog, somaxconn)
  // Socket options set before listen(); accepted connections inherit them.
  std::int64_t rcvbuf = 0;
  std::int64_t sndbuf = 0;
  bool nodelay = false;
  SynQueue syn_queue;
  std::deque<std::uint32_t> accept_queue;  // TCB ids, oldest first
  int young = 0;                           // requests whose SYN-ACK has not timed out yet
  Micros last_overflow = -1;               // last time a SYN cookie was sent (-1: never)
  bool open = true;

  // Linux counts a queue as full only when it holds more than the backlog.
  bool accept_queue_full() const { return static_cast<int>(accept_queue.size()) > backlog; }
  bool syn_queue_full() const { return static_cast<int>(syn_queue.size()) > backlog; }
};

}  // namespace synack
