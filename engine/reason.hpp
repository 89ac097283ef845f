#pragma once
// Why something happened. Events store a compact code plus two numbers; the sentence a
// student reads is produced on demand, in English or Chinese, with the RFC section.

#include <cstdint>
#include <string>
#include <string_view>

namespace synack {

enum class Lang : std::uint8_t { en, zh };

enum class Why : std::uint16_t {
  none,
  // application calls
  app_call,           // the program made a socket call
  app_call_timeout,   // the program's own timeout on a blocking call expired
  connect_sends_syn,  // active open
  listen_opened,
  // handshake
  syn_received_listen,     // LISTEN got a SYN: request stored, SYN-ACK sent
  two_way_established,     // counterfactual: two-way handshake
  synack_received,         // SYN_SENT got SYN,ACK acking our SYN
  handshake_ack,           // SYN_RECEIVED got the ACK of its SYN
  handshake_done_by_data,  // the third segment was lost, but data carrying the ACK completed it
  simultaneous_open_syn,   // SYN_SENT got a bare SYN
  simultaneous_open_synack,
  dup_syn_resend_synack,  // duplicate SYN for a pending request → SYN-ACK again (Linux)
  syn_in_request_window,  // a SYN with another ISN inside a pending request's window: RST
  syn_fin_dropped,        // SYN+FIN at a listener: dropped (Linux)
  // retransmission
  syn_rto,            // a = retransmission #, b = next wait (us)
  synack_rto,         // a = retransmission #, b = next wait (us)
  data_rto,           // a = retransmission #, b = next wait (us)
  fin_rto,            // a = retransmission #, b = next wait (us)
  loss_probe,         // tail-loss probe (Linux tcp_early_retrans=3)
  fast_retransmit,    // a = duplicate ACK count
  sack_retransmit,    // hole reported by SACK
  syn_gave_up,        // a = SYN retransmissions
  synack_gave_up,     // a = SYN-ACK retransmissions
  retries_exhausted,  // a = retransmissions
  orphan_retries_exhausted,
  // data
  data_sent,
  data_segmented,     // a = segment index, b = MSS
  data_ignores_mss,   // counterfactual: a = bytes in one segment, b = MSS
  data_sws_override,  // persist timer, window smaller than a segment: a = bytes sent, b = queued
  ack_sent_quick,
  ack_sent_delayed,
  ack_on_read,
  ack_out_of_order,  // duplicate ACK for out-of-order data (with SACK)
  dsack_sent,        // duplicate data → D-SACK
  ack_received,
  dup_ack_received,  // a = duplicate ACK count
  data_received,
  data_out_of_order,
  data_duplicate,
  // teardown
  fin_sent_close,
  fin_sent_shutdown,
  fin_received,
  fin_acked,
  simultaneous_close,
  time_wait_enter,
  time_wait_skipped,  // counterfactual: no TIME_WAIT at all
  time_wait_restart,  // retransmitted FIN in TIME_WAIT: re-ACK, timer restarts
  time_wait_expired,
  time_wait_overflow,  // a = tcp_max_tw_buckets: closed without TIME_WAIT
  time_wait_reused,    // tcp_tw_reuse: connect() takes over a TIME_WAIT 4-tuple
  no_local_port,       // a, b = ip_local_port_range: every port in use for this destination
  fin_wait_2_timeout,  // orphaned FIN_WAIT_2 bounded by tcp_fin_timeout
  last_ack_acked,
  // resets
  rst_closed_port,       // nothing listens: RST answers
  rst_no_connection,     // segment for a connection that no longer exists
  rst_ack_in_listen,     // ACK reaching a listener with no request
  rst_linger_abort,      // SO_LINGER {1,0} close
  rst_unread_data,       // close() with unread data
  rst_data_after_close,  // data arrived for a socket nobody will read
  rst_received,
  rst_in_syn_sent,  // connection refused
  rst_keepalive_dead,
  rst_accept_overflow,  // tcp_abort_on_overflow=1
  rst_listener_closed,  // listener closed with connections in its accept queue
  rst_ignored_out_of_window,
  challenge_ack,
  // listener queues
  syn_queue_add,
  syn_queue_full_drop,    // tcp_syncookies=0
  syn_queue_full_cookie,  // tcp_syncookies=1 and the SYN queue is full
  syn_cookie_always,      // tcp_syncookies=2
  syn_cookie_valid,       // ACK carried a valid cookie
  syn_cookie_invalid,
  accept_queue_add,
  accept_queue_full_syn_drop,  // SYN dropped: accept queue full
  accept_queue_full_ack_drop,  // ACK ignored: accept queue full (tcp_abort_on_overflow=0)
  accept_returned,
  request_expired,  // SYN-ACK retries used up: request dropped silently
  // timers
  timer_armed,
  timer_cancelled,
  timer_fired,
  delayed_ack_fired,
  keepalive_probe,  // a = probe #
  keepalive_reply,
  // network and hosts
  net_drop_rule,   // a rule in the scenario or --drop
  net_delay_rule,  // a = extra delay (us)
  net_duplicate_rule,
  net_reorder_rule,
  net_no_host,            // no host owns the destination address (spoofed source)
  net_host_down,          // the destination host has crashed
  ip_fragment_sent,       // a = datagram bytes, b = MTU
  ip_fragment_held,       // a = bytes of the datagram held so far
  ip_fragment_duplicate,  // a copy of a fragment already held
  ip_reassembled,         // a = datagram bytes
  ip_reassembly_expired,  // a = fragments thrown away, b = ipfrag_time (us)
  attacker_spoofed_syn,
  attacker_injected,
  host_crashed,
  host_rebooted,
  process_crashed,
  process_exited,
  old_segment_rejected,  // outside the receive window
  paws_reject,
  ack_unacceptable,
  state_change,
  segment_arrived,  // b = time spent in the network (us)
  // congestion control (the sender's cwnd and ssthresh, in segments)
  cwnd_initial,       // a = initial window (segments)
  cwnd_slow_start,    // a = cwnd, b = ssthresh
  cwnd_avoidance,     // a = cwnd (Reno: +1 per window)
  cwnd_cubic,         // a = cwnd, b = W_max
  recovery_enter,     // a = ssthresh, b = cwnd before
  cwnd_prr,           // a = cwnd during recovery (RFC 6937)
  recovery_exit,      // a = cwnd = ssthresh
  cwnd_loss,          // RTO: a = ssthresh, b = cwnd (1 + segments sent within an RTT)
  cwnd_idle_restart,  // a = cwnd, b = idle time (us)
  rack_retransmit,    // RACK marked the segment lost (RFC 8985)
  loss_retransmit,    // after an RTO: the rest of the lost window, as cwnd reopens
  // without SACK, a partial ACK in fast recovery points at the next hole (NewReno)
  partial_ack_retransmit,
  // flow control
  peer_window_changed,   // a = bytes the peer now allows
  peer_window_zero,      // the peer's window closed
  window_probe,          // a = probe #, b = next wait (us)
  window_probe_gave_up,  // a = unanswered probes
  window_update,         // a = window now offered (bytes)
  send_buffer_full,      // a = bytes queued (SO_SNDBUF)
  socket_option,         // setsockopt()
  // read from a packet capture (app/capture): what one capture point shows or implies
  capture_listening,             // a SYN was answered with SYN-ACK: something listened
  capture_midstream,             // the capture starts after the connection began
  capture_arrival,               // arrival inferred (the capture shows only the sending)
  capture_lost_retransmitted,    // sent again before anything acknowledged it
  capture_lost_ignored,          // b = how much later the peer acted as if it never came
  capture_lost_no_answer,        // a SYN or probe nothing answered
  capture_lost_unreachable,      // a = probes unanswered just before it
  capture_rto_retransmit,        // a = original packet number, b = time since the last copy
  capture_fast_retransmit,       // a = original packet number, b = duplicate ACKs before it
  capture_sack_retransmit,       // a = original packet number
  capture_spurious_retransmit,   // a = original packet number (D-SACK: both copies arrived)
  capture_reordered,             // fills a gap in what the capture saw
  capture_gap,                   // data before it was never seen
  capture_sack_blocks,           // a = SACK blocks
  capture_ack_sent,              // a plain ACK
  capture_zero_window,           // advertises a zero window
  capture_window_probe,          // a = probe number
  capture_window_open,           // a = bytes offered after a zero window
  capture_fin_sent,              // FIN: close() or shutdown(), the capture cannot tell
  capture_rst_abort,             // RST instead of FIN on a live connection
  capture_state_forgotten,       // a later RST shows the connection had ended silently
  capture_fin_wait2_gone,        // ... and it was an orphan in FIN_WAIT_2 (tcp_fin_timeout)
  capture_handshake_incomplete,  // a = SYNs, b = SYN-ACKs seen
  // disagreements: a real endpoint did what synack's engine would not (is_disagreement)
  capture_early_retransmit,  // a = the engine's earliest (ms), b = the actual wait (us)
  capture_no_backoff,        // a = the previous wait (ms), b = this wait (us)
  capture_beyond_window,     // a = bytes beyond the window the peer offered
  capture_window_shrunk,     // a = bytes the right edge moved back
  capture_initial_window,    // a = segments, b = bytes in the first flight
  capture_over_mss,          // a = payload bytes, b = the MSS the peer announced
  capture_no_sack,
  capture_no_timestamps,
  capture_no_window_scale,
  capture_data_after_fin,  // a = bytes
  kCount,
};

struct Reason {
  Why why = Why::none;
  std::int64_t a = 0;
  std::int64_t b = 0;
  bool operator==(const Reason&) const = default;
};

// The sentence for this reason, e.g. "RTO expired: retransmission #2, next wait 4 s".
std::string describe(const Reason& r, Lang lang = Lang::en);
// "RFC 9293 §3.10.7.4", or "" where no RFC section applies (Linux-only behaviour says so).
std::string_view rfc_section(Why why);
// Stable snake_case name of the code, used in JSON ("syn_rto").
std::string_view why_name(Why why);
// A reason that says a real endpoint (in a capture) did what the engine would not have done.
constexpr bool is_disagreement(Why why) {
  return why >= Why::capture_early_retransmit && why <= Why::capture_data_after_fin;
}

}  // namespace synack
