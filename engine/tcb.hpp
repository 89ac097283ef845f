#pragma once
// The transmission control block (RFC 9293 §3.3.1) of one connection, the request socket
// a listener keeps for a half-open connection, and the listener itself.

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "segment.hpp"
#include "timer.hpp"
#include "trace.hpp"

namespace synack {

inline constexpr std::uint32_t kNone = 0xffffffffu;

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
  std::uint32_t first_record = kNoIndex;  // trace index of the first transmission
  bool retransmitted = false;
  bool sacked = false;
  bool lost = false;  // marked by an RTO or SACK: resend when allowed

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
  bool fin_pending = false;   // app closed its sending side; FIN goes after `unsent`
  bool fin_sent = false;
  std::uint32_t fin_seq = 0;
  // A vector, not a deque: an empty std::deque allocates ~600 B, and most TCBs (TIME_WAIT)
  // have nothing in flight.
  std::vector<Unacked> rtx_queue;

  // Receive sequence space.
  std::uint32_t irs = 0;
  std::uint32_t rcv_nxt = 0;
  std::int64_t rcv_unread = 0;          // in-order bytes the app has not read
  bool fin_received = false;            // EOF waiting for the app
  std::vector<SackBlock> out_of_order;  // received beyond a hole, most recent first
  SackBlock dsack{};                    // duplicate to report once (RFC 2883)
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
  int dup_acks = 0;
  bool in_recovery = false;
  std::uint32_t recovery_point = 0;
  bool tlp_sent = false;
  bool rto_recovery = false;  // after an RTO nothing new is sent until the loss is repaired

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
