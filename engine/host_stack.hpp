#pragma once
// One host's TCP: its connections (TCBs), listeners with their SYN and accept queues,
// sysctls, local ports, ISN and SYN-cookie secrets, and its timers. Like a smoltcp socket
// set it does no I/O and reads no clock: every entry point takes the time, segments go out
// through a StackEnv, and poll_at() says when it next needs to run.
//
//   deliver(now, seg)   a segment arrives (RFC 9293 §3.10.7)       tcp_input.cpp, listener.cpp
//   fire_next(now)      run the earliest due timer                 tcp_timers.cpp
//   poll_at()           when that is (kNever: nothing pending)
//   listen/connect/...  the socket calls, non-blocking             socket_calls.cpp
//
// World (world.hpp) drives one stack per host with the network and the programs between
// them; a test can drive two stacks alone by handing segments across (tests/tcp_harness.hpp).

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "connection_table.hpp"
#include "isn.hpp"
#include "min_heap.hpp"
#include "scenario.hpp"
#include "syn_cookie.hpp"
#include "sysctl.hpp"
#include "tcb.hpp"
#include "trace.hpp"

namespace synack {

// What a host stack needs from around it. World implements it for a scenario run; the
// harness implements it to play the peer itself.
class StackEnv {
 public:
  virtual ~StackEnv() = default;
  // Connection ids are unique across the run (they name connections in the trace).
  virtual std::uint32_t new_conn_id() = 0;
  // A ticket that orders things due at the same time, across every stack (FIFO).
  virtual std::uint64_t next_order() = 0;
  // The run's random stream (ephemeral port choice, like Linux's per-boot randomness).
  virtual std::uint64_t random() = 0;
  // Puts a segment on the wire; returns its trace record (kNoIndex when not recording).
  virtual std::uint32_t transmit(std::uint16_t host, const Segment& seg, Reason why,
                                 std::uint32_t conn, std::uint32_t retransmit_of) = 0;
  // Something happened: counted always, kept when the run records a trace.
  virtual void add_event(const Event& e) = 0;
  // Something a program may be blocked on changed (now, or at time `t` for a call timeout).
  virtual void wake_program(std::uint32_t program) = 0;
  virtual void wake_program_at(std::uint32_t program, Micros t) = 0;
};

// How one host is set up: its name and address, sysctls, link and the run's secrets.
struct StackConfig {
  std::uint16_t index = 0;  // the host's number in the trace
  std::string name;
  Addr addr = 0;
  Sysctls sys;
  std::uint32_t mtu = kDefaultMtu;
  bool ignores_mss = false;  // counterfactual: IP fragments TCP's segments
  // Counterfactuals of the scenario (see ScenarioSpec).
  bool two_way_handshake = false;
  Micros time_wait = 60 * kMicrosPerSec;
  // Secrets for ISNs, SYN cookies and timestamp offsets come from the run's seed.
  std::uint64_t seed = 1;
  bool fixed_isn = false;
  std::uint32_t fixed_isn_value = 0;
};

// A process's view of its sockets (its file descriptors): the listening socket and the
// current connection, socket options for connections made later, and the state of the
// blocking call it is in. World keeps one per program; the socket calls read and update it.
struct Process {
  std::uint32_t id = kNone;  // program index: the owner recorded in TCBs
  std::uint32_t listener = kNone;
  std::uint32_t conn = kNone;
  bool step_started = false;      // the current blocking call already reported "blocked"
  Micros call_deadline = kNever;  // a blocking call with a timeout gives up then
  int ka_idle_s = 0;              // SO_KEEPALIVE settings for connections made later
  int ka_intvl_s = 0;
  int ka_probes = 0;
  bool keepalive = false;
  bool nodelay = false;  // TCP_NODELAY, SO_RCVBUF, SO_SNDBUF for sockets made later
  std::int64_t rcvbuf = 0;
  std::int64_t sndbuf = 0;
  std::int64_t send_left = 0;  // a blocked send(): bytes not yet in the send buffer
  // Connections handed to it (accepted or connected), so its exit closes them without
  // scanning every connection on the host.
  std::vector<std::uint32_t> owned;
};

// A socket call's outcome for the program making it.
enum class CallStatus : std::uint8_t { done, blocked };

// Which of a TCB's four timer slots a timer lives in (Linux: one retransmit timer for SYN,
// data, FIN and the loss probe; delayed ACK; keepalive; TIME_WAIT or FIN_WAIT_2).
enum class TcbTimer : std::uint8_t { rtx, delack, keepalive, close };

class HostStack {
 public:
  HostStack(const StackConfig& config, StackEnv& env);

  // ---- step API
  void deliver(Micros now, const Segment& seg);
  // Runs the earliest pending timer (or drops it if it was cancelled). Call when
  // poll_at() <= now.
  void fire_next(Micros now);
  Micros poll_at() const { return timers_.empty() ? kNever : timers_.top().t; }
  // poll_at() and its FIFO ticket: how World interleaves stacks with the network.
  std::pair<Micros, std::uint64_t> next_due() const;

  // ---- socket calls (socket_calls.cpp). `now` is the time of the call.
  // One step of a program that is a socket call (listen, accept, connect to `remote`, send,
  // recv, shutdown, close, abort, keepalive), dispatched to the calls below.
  CallStatus socket_call(Micros now, Process& p, const StepSpec& s, SockAddr remote = {});
  CallStatus listen(Micros now, Process& p, const StepSpec& s);
  CallStatus accept(Micros now, Process& p);
  CallStatus connect(Micros now, Process& p, const StepSpec& s, SockAddr remote);
  CallStatus send(Micros now, Process& p, const StepSpec& s);
  CallStatus recv(Micros now, Process& p, const StepSpec& s);
  CallStatus shutdown(Micros now, Process& p, const StepSpec& s);
  CallStatus close(Micros now, Process& p, AppCall call);  // close or abort (SO_LINGER 0)
  CallStatus keepalive(Micros now, Process& p, const StepSpec& s);
  CallStatus setsockopt(Micros now, Process& p, const StepSpec& s);
  // An app event with no socket behind it (sleep, crashes, reboot).
  void report_call(Micros now, AppCall call, AppResult result, Reason why, std::uint32_t conn = 0);
  // Process exit or crash: the kernel closes what the process still holds.
  void close_process(Micros now, Process& p);
  // The host goes down: every socket vanishes without a word; up() brings it back empty.
  void crash(Micros now);
  void reboot(Micros now);
  bool up() const { return up_; }

  // ---- inspection and set-up
  const StackConfig& config() const { return cfg_; }
  const Sysctls& sys() const { return cfg_.sys; }
  std::uint16_t mss() const;          // RFC 9293 §3.7.1: MTU - 40
  Tcb* find_tcb(std::uint32_t conn);  // a live connection, or nullptr
  const Tcb* find_tcb(std::uint32_t conn) const;
  // A live connection, or one that closed while a process still holds it (state CLOSED,
  // its error kept for the next call, like sk_err); nullptr once freed.
  Tcb* socket(std::uint32_t conn);
  // The connection a segment from `remote` to `local` belongs to (0: none).
  std::uint32_t conn_for(SockAddr local, SockAddr remote) const;
  const Listener* find_listener(std::uint32_t id) const;
  std::vector<std::uint32_t> connection_ids() const;  // ascending
  std::size_t tcbs_held() const { return tcbs_.size(); }
  std::size_t tcbs_peak() const { return tcbs_.peak(); }
  std::size_t timers_queued() const { return timers_.size(); }
  // Installs a connection in any state at `now` (a test setting up a state, or picking a
  // connection up mid-stream); its timers are the caller's to arm.
  Tcb& restore(Micros now, const Tcb& snapshot);
  // Arms the timer of `kind` in the TCB's slot for it (kinds sharing a slot replace each
  // other, as a Linux socket's timers do).
  void arm(Micros now, Tcb& tcb, TimerKind kind, Micros delay);
  void arm_keepalive(Micros now, Tcb& tcb);
  // The application writes or closes (tests and the socket calls share these).
  void write(Micros now, Tcb& tcb, std::int64_t bytes);
  void app_close(Micros now, Tcb& tcb, bool abort);
  // The application reads: if an ACK was held back for the read, it goes out next.
  void after_read(Tcb& tcb, std::int64_t copied);

 private:
  // A pending timer. `what` says which table `id` indexes; a stale entry (its timer was
  // re-armed or cancelled, its socket gone) is skipped when it comes due and swept out when
  // stale entries outnumber live ones.
  enum class Due : std::uint8_t { tcb_timer, request_timer, ack_flush };
  struct Pending {
    Micros t = 0;
    std::uint64_t order = 0;
    std::uint64_t key = 0;  // request timers: the peer's address and port; TCB timers: slot
    std::uint32_t id = 0;   // TCB id, or listener id for a request timer
    std::uint32_t gen = 0;
    Due what = Due::tcb_timer;
    TcbTimer slot = TcbTimer::rtx;
    bool operator>(const Pending& o) const { return t != o.t ? t > o.t : order > o.order; }
  };

  // ---- timers and bookkeeping (host_stack.cpp)
  void enter(Micros now) { now_ = now; }
  void leave();  // frees connections nothing refers to any more
  void drop_stale_heads();
  void push_timer(Micros t, Due what, std::uint32_t id, TcbTimer slot, std::uint32_t gen,
                  std::uint64_t key = 0);
  bool live(const Pending& p) const;
  void went_stale(std::size_t entries = 1);  // queued timer entries that will never fire
  static TcbTimer slot_of(TimerKind kind);
  void arm(Tcb& tcb, TimerKind kind, Micros delay);
  void arm_keepalive(Tcb& tcb);
  void app_close(Tcb& tcb, bool abort);
  void cancel(Tcb& tcb, TcbTimer which);
  static Timer& timer_of(Tcb& tcb, TcbTimer which);
  static TimerKind kind_of(const Tcb& tcb, TcbTimer which);
  Tcb& new_tcb();
  void destroy(Tcb& tcb, Reason why);  // → CLOSED, out of the table; freed when unreferenced
  void release(std::uint32_t conn);    // a process lets go of a connection
  void set_state(Tcb& tcb, TcpState to, Reason why);
  void emit_state(std::uint32_t conn, TcpState from, TcpState to, Reason why);
  void emit_timer(std::uint32_t conn, TimerKind kind, TimerAction action, Micros deadline,
                  Reason why = {});
  void emit_queue(const Listener& l, Reason why);
  void emit_app(AppCall call, AppResult result, std::int64_t value, Reason why,
                std::uint32_t conn = 0);
  std::uint32_t transmit(const Segment& seg, Reason why, std::uint32_t conn,
                         std::uint32_t retransmit_of = kNoIndex) {
    return env_.transmit(cfg_.index, seg, why, conn, retransmit_of);
  }
  void wake(std::uint32_t program) {
    if (program != kNone) env_.wake_program(program);
  }

  // ---- tcp_input.cpp
  void input(const Segment& seg);
  void tcb_input(Tcb& tcb, const Segment& seg);
  void syn_sent_input(Tcb& tcb, const Segment& seg);
  void time_wait_input(Tcb& tcb, const Segment& seg);
  void enter_time_wait(Tcb& tcb);  // after the state change: arm 2MSL (or skip it)
  bool oow_rate_limited(Tcb& tcb, const Segment& seg);  // tcp_invalid_ratelimit
  // PAWS (RFC 7323 §5): the segment's timestamp is older than TS.Recent by more than `window`.
  bool paws_reject(const Tcb& tcb, const Segment& seg, std::int32_t window) const;
  bool disordered_ack(const Tcb& tcb, const Segment& seg) const;  // exempt from PAWS
  // Marks [seq, end) for a D-SACK block when SACK and tcp_dsack allow; false if not.
  bool note_dsack(Tcb& tcb, std::uint32_t seq, std::uint32_t end);
  void send_dupack(Tcb& tcb, const Segment& seg, Reason why);  // with D-SACK for old data
  bool process_ack(Tcb& tcb, const Segment& seg);
  void process_data_and_fin(Tcb& tcb, const Segment& seg);
  std::uint32_t process_sack(Tcb& tcb, const Segment& seg);  // returns segments newly SACKed
  void take_options(Tcb& tcb, const SynOptions& syn, bool we_offered);
  void update_rtt(Tcb& tcb, Micros sample);
  void closed_input(const Segment& seg);

  // ---- tcp_output.cpp
  Segment make_segment(Tcb& tcb, std::uint32_t seq, std::uint8_t flags, std::uint32_t len);
  // The SYN-ACK of a connection (simultaneous open, the two-way counterfactual, its
  // retransmission): our MSS from the host's MTU, and the options both SYNs agreed on.
  Segment make_synack(Tcb& tcb);
  // The SYN-ACK of a request in the SYN queue or a SYN cookie: the options answer `syn`.
  Segment request_synack(SockAddr local, SockAddr remote, std::uint32_t iss, std::uint32_t irs,
                         const SynOptions& syn, std::int64_t rcvbuf);
  // Send what the windows allow, then a pending FIN. `fill_small_window`: the persist timer
  // found a window too small for the next segment; send one segment of what fits.
  void output(Tcb& tcb, Reason why, bool fill_small_window = false);
  void send_ack(Tcb& tcb, Reason why);
  void send_syn(Tcb& tcb, bool retransmission, Reason why);
  void send_reset(const Segment& to, Reason why, std::uint32_t conn = 0);
  void send_active_reset(Tcb& tcb, Reason why);  // RST,ACK from a TCB
  void retransmit(Tcb& tcb, Unacked& u, Reason why);
  void schedule_ack(Tcb& tcb, bool immediate, Reason why);
  void flush_ack(Tcb& tcb);
  // The window field for a segment now: the SYN's, or the receive window (Linux
  // tcp_select_window: free buffer, silly-window avoidance, never shrinking the right edge).
  std::uint16_t advertised_window(Tcb& tcb, bool syn);
  std::uint32_t receive_window(const Tcb& tcb) const;  // as last advertised, in bytes
  std::int64_t window_to_offer(const Tcb& tcb) const;  // what the next segment would offer
  std::int8_t wscale_for(std::int64_t rcvbuf) const;   // 0 for a small SO_RCVBUF
  void init_receive_buffer(Tcb& tcb, std::int64_t rcvbuf);
  std::uint32_t effective_mss(const Tcb& tcb) const;
  std::uint32_t send_mss(const Tcb& tcb) const;  // at most half the peer's largest window
  void arm_retransmit(Tcb& tcb);  // RTO or loss probe; the persist timer at a closed window
  bool nagle_holds(const Tcb& tcb, std::uint32_t len, std::uint32_t mss) const;
  void data_sent(Tcb& tcb);  // bookkeeping after a new segment went out
  Micros probe_interval(const Tcb& tcb) const;
  bool window_allows_next(const Tcb& tcb) const;
  void after_ack_output(Tcb& tcb);          // send what an ACK allows; persist timer; window event
  void start_congestion_control(Tcb& tcb);  // at ESTABLISHED: IW10, the host's algorithm
  void restart_after_idle(Tcb& tcb);        // tcp_slow_start_after_idle

  // ---- tcp_recovery.cpp
  void rack_advance(Tcb& tcb, const Unacked& u);  // `u` was just delivered
  Micros rack_reorder_window(const Tcb& tcb) const;
  // Marks lost segments: duplicate ACKs or a partial ACK without SACK, RACK with it.
  void detect_losses(Tcb& tcb, bool una_advanced);
  // Without SACK each duplicate ACK stands for one segment delivered (Linux's "reno SACKs"):
  // a duplicate ACK, and an ACK that took `acked` segments off the queue. Both return the
  // segments delivered.
  std::uint32_t reno_dupack(Tcb& tcb);
  std::uint32_t reno_acked(Tcb& tcb, std::uint32_t acked);
  void on_reorder_timer(Tcb& tcb);
  void enter_recovery(Tcb& tcb);
  void reduce_cwnd(Tcb& tcb, std::uint32_t delivered, bool una_advanced, bool newly_lost);
  void enter_loss(Tcb& tcb);  // an RTO
  // After an ACK: leave or enter recovery, PRR or cwnd growth.
  void update_congestion(Tcb& tcb, std::uint32_t delivered, bool una_advanced, bool newly_lost);
  bool cwnd_limited(const Tcb& tcb) const;
  // A window event if cwnd, ssthresh or the peer's window changed since the last one.
  void emit_window(Tcb& tcb, Reason why);

  // ---- tcp_timers.cpp
  void on_tcb_timer(Tcb& tcb, TcbTimer which);  // a live timer came due
  void on_retransmit_timer(Tcb& tcb);
  void on_loss_probe(Tcb& tcb);
  void on_zero_window_probe(Tcb& tcb);
  void on_delayed_ack(Tcb& tcb);
  void on_keepalive(Tcb& tcb);
  void on_close_timer(Tcb& tcb);
  void on_synack_timer(std::uint32_t listener_id, std::uint64_t remote_key, std::uint32_t gen);
  bool retries_timed_out(const Tcb& tcb, int boundary) const;

  // ---- listener.cpp
  void listener_input(Listener& l, const Segment& seg);
  void listener_syn(Listener& l, const Segment& seg);
  void listener_ack(Listener& l, const Segment& seg);
  void listener_syn_two_way(Listener& l, const Segment& seg);  // counterfactual
  void send_synack(const Listener& l, Request& req, Reason why, std::uint32_t retransmit_of);
  std::uint16_t request_window(const Listener& l, const Request& req) const;
  bool request_in_window(const Listener& l, const Request& req, const Segment& seg) const;
  void send_request_ack(const Listener& l, const Request& req);     // out of window: ACK, drop
  void arm_request_timer(Listener& l, Request& req, Micros delay);  // the SYN-ACK timer
  // Takes a request out of the SYN queue (its timer is cancelled); returns its connection id.
  std::uint32_t remove_request(Listener& l, SynQueue::iterator it);
  Tcb& create_child(Listener& l, SockAddr local, SockAddr remote, std::uint32_t iss,
                    std::uint32_t irs, const SynOptions& syn, std::uint32_t conn);
  void close_listener(Listener& l);

  // ---- local_ports.cpp: what limits how many connections a client can open and close
  // A local port for a new connection to `remote` from ip_local_port_range: a free one, or
  // one whose TIME_WAIT connection may be taken over; nullopt when every port is in use.
  std::optional<std::uint16_t> pick_local_port(SockAddr remote);
  bool time_wait_reusable(const Tcb& old) const;  // tcp_tw_reuse=1 and timestamps
  bool time_wait_table_full() const;              // tcp_max_tw_buckets reached

  StackConfig cfg_;
  StackEnv& env_;
  Micros now_ = 0;
  bool up_ = true;
  ConnectionTable tcbs_;
  std::unordered_map<std::uint64_t, std::uint32_t> conns_;  // conn_key → connection id
  std::deque<Listener> listeners_;
  // Open listeners by port: a host has a few, so a scan beats a map.
  std::vector<std::pair<std::uint16_t, std::uint32_t>> listener_ports_;
  Listener* listener_on(std::uint16_t port);
  std::vector<std::uint32_t> destroyed_;  // closed this step; freed by leave() if unreferenced
  std::int64_t time_wait_count_ = 0;      // kept by set_state, checked against tcp_max_tw_buckets
  MinHeap<Pending> timers_;               // on (t, order)
  std::size_t stale_timers_ = 0;          // entries left behind by cancelled or re-armed timers
  IsnGenerator isn_;
  SynCookies cookies_;
  KeyedHash ts_hash_;
};

// The window of a SYN or SYN-ACK (never scaled) for a receive buffer (0: tcp_rmem's default).
std::uint16_t syn_window(const Sysctls& sys, std::int64_t rcvbuf, bool timestamps);

// Key of a connection inside one host: local port, remote address and port.
inline std::uint64_t conn_key(SockAddr local, SockAddr remote) {
  return (std::uint64_t{local.port} << 48) | (std::uint64_t{remote.addr} << 16) | remote.port;
}

}  // namespace synack
