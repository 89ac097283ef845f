#pragma once
// The simulated world behind run_scenario(): hosts with their TCP stacks, the network
// between them, attackers, socket programs, one virtual clock and one event queue.
// Its member functions are spread over files named after what they do:
//   world.cpp         event loop, trace recording, set-up
//   network.cpp       latency and drop/delay/duplicate/reorder rules, IP fragments
//   tcp_input.cpp     segment arrival (RFC 9293 §3.10.7)
//   tcp_output.cpp    building and sending segments, ACK policy
//   tcp_timers.cpp    every timer: SYN, SYN-ACK, RTO, loss probe, delayed ACK, keepalive,
//                     FIN_WAIT_2, TIME_WAIT
//   listener.cpp      SYN queue, accept queue, SYN cookies
//   socket_calls.cpp  listen/connect/accept/send/recv/shutdown/close, crashes, programs
//   attacker.cpp      SYN flood and crafted segments

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "isn.hpp"
#include "scenario.hpp"
#include "simulator.hpp"
#include "splitmix64.hpp"
#include "syn_cookie.hpp"
#include "sysctl.hpp"
#include "tcb.hpp"
#include "trace.hpp"

namespace synack {

struct HostState {
  std::string name;
  Addr addr = 0;
  Sysctls sys;
  bool up = true;
  std::unordered_map<std::uint64_t, std::uint32_t> conns;  // conn_key → TCB id
  std::map<std::uint16_t, std::uint32_t> listeners;        // port → listener id
  std::int64_t time_wait_count = 0;  // kept by set_state, checked against tcp_max_tw_buckets
  std::uint32_t mtu = kDefaultMtu;
  bool ignores_mss = false;      // counterfactual: IP fragments TCP's segments
  std::uint16_t next_ip_id = 1;  // every datagram takes the next one
  Reassembly reassembly;
};

struct ProgramState {
  ProgramSpec spec;
  std::uint16_t host = 0;
  std::size_t pc = 0;
  std::uint32_t listener = kNone;
  std::uint32_t conn = kNone;
  bool blocked = false;
  bool done = false;
  bool wake_queued = false;
  bool step_started = false;  // the current blocking step already reported "blocked"
  Micros sleep_until = 0;
  Micros call_deadline = kNever;  // a blocking call with a timeout gives up then
  int ka_idle_s = 0;              // SO_KEEPALIVE settings for connections made later
  int ka_intvl_s = 0;
  int ka_probes = 0;
  bool keepalive = false;
  // Connections handed to it (accepted or connected), so its exit closes them without
  // scanning every connection the run ever made.
  std::vector<std::uint32_t> owned;
};

enum class Due : std::uint8_t {
  deliver,
  tcb_timer,
  request_timer,
  program,
  flood,
  inject,
  host_up,
  ack_flush,
  reassembly_timer
};
enum class TcbTimer : std::uint8_t { rtx, delack, keepalive, close };

struct Pending {
  Micros t = 0;
  std::uint64_t order = 0;  // FIFO among equal times: determinism
  Due what = Due::deliver;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t gen = 0;
  std::uint64_t key = 0;
  bool operator>(const Pending& o) const { return t != o.t ? t > o.t : order > o.order; }
};

struct InFlight {
  Segment seg;
  std::uint16_t from_host = kNoHost;
  std::uint16_t to_host = kNoHost;
  Micros sent = 0;
  std::uint32_t record = kNoIndex;
  Why arrive_why = Why::segment_arrived;  // the reason its recv event will carry
  IpFragment frag;                        // frag.count 0: the whole segment
};

// The timer of one partial IP datagram (ipfrag_time).
struct ReassemblyTimer {
  std::uint16_t host = kNoHost;
  Reassembly::Key key;
  std::uint32_t conn = 0;  // the connection its segment belongs to, for the trace
  Micros deadline = 0;
  bool done = false;  // completed (cancelled) or expired
};

struct RuleState {
  RuleSpec spec;
  std::uint16_t from_host = kNoHost;
  int matches = 0;
};

// Key of a connection inside one host: local port, remote address and port.
inline std::uint64_t conn_key(SockAddr local, SockAddr remote) {
  return (std::uint64_t{local.port} << 48) | (std::uint64_t{remote.addr} << 16) | remote.port;
}

class World {
 public:
  World(const ScenarioSpec& spec, const RunOptions& options);
  Trace run(RunStats* stats);

  // ---- world.cpp: clock, queue and recording
  Micros now() const { return now_; }
  void schedule(Micros t, Due what, std::uint32_t a, std::uint32_t b = 0, std::uint32_t gen = 0,
                std::uint64_t key = 0);
  // Arms the timer of `kind` in the TCB's slot for it (kinds sharing a slot replace each
  // other, as a Linux socket's timers do).
  void arm(Tcb& tcb, TimerKind kind, Micros delay);
  static TcbTimer slot_of(TimerKind kind);
  void cancel(Tcb& tcb, TcbTimer which);
  Timer& timer_of(Tcb& tcb, TcbTimer which);
  TimerKind kind_of(const Tcb& tcb, TcbTimer which) const;
  // Appends an event (nullptr when only counting) for the emit_* helpers to fill in.
  Event* new_event(EventType type, std::uint16_t host, std::uint32_t conn, Reason why);
  void set_state(Tcb& tcb, TcpState to, Reason why);
  void emit_state(std::uint16_t host, std::uint32_t conn, TcpState from, TcpState to, Reason why);
  void emit_app(const ProgramState& p, AppCall call, AppResult result, std::int64_t value,
                Reason why, std::uint32_t conn = 0);
  void emit_timer(std::uint16_t host, std::uint32_t conn, TimerKind kind, TimerAction action,
                  Micros deadline, Reason why = {});
  void emit_queue(const Listener& l, Reason why);
  std::uint32_t record_segment(const Segment& seg, std::uint16_t from, std::uint16_t to,
                               std::uint32_t retransmit_of, const IpFragment& frag = {});
  void emit_segment_event(EventType type, std::uint16_t host, std::uint32_t record,
                          std::uint32_t conn, Reason why);
  const Sysctls& sys(std::uint16_t host) const { return hosts_[host].sys; }
  std::uint16_t host_by_addr(Addr addr) const;
  std::uint16_t host_by_name(const std::string& name) const;
  Tcb* find_tcb(std::uint32_t id);
  Tcb& new_tcb(std::uint16_t host);
  void destroy(Tcb& tcb, Reason why);  // → CLOSED, removed from its host's table
  void wake_program(std::uint32_t program);

  // ---- network.cpp
  // Puts a segment on the wire, in IP fragments if it does not fit the MTU; returns the
  // trace record index of the segment (of its first fragment).
  std::uint32_t transmit(std::uint16_t from, const Segment& seg, Reason why, std::uint32_t conn,
                         std::uint32_t retransmit_of = kNoIndex);
  std::uint32_t send_datagram(std::uint16_t from, const Segment& seg, const IpFragment& frag,
                              Reason why, std::uint32_t conn, std::uint32_t retransmit_of);
  std::uint32_t hold(const InFlight& f);  // a slot in in_flight_
  void deliver(std::uint32_t slot);
  bool reassemble(const InFlight& f, std::uint32_t conn);  // true: the segment is whole
  void on_reassembly_timer(std::uint32_t index);

  // ---- tcp_input.cpp
  void host_input(std::uint16_t host, const Segment& seg);
  void tcb_input(Tcb& tcb, const Segment& seg);
  void syn_sent_input(Tcb& tcb, const Segment& seg);
  void time_wait_input(Tcb& tcb, const Segment& seg);
  void enter_time_wait(Tcb& tcb);  // after the state change: arm 2MSL (or skip it)
  bool oow_rate_limited(Tcb& tcb, const Segment& seg);  // tcp_invalid_ratelimit
  bool process_ack(Tcb& tcb, const Segment& seg);
  void process_data_and_fin(Tcb& tcb, const Segment& seg);
  void process_sack(Tcb& tcb, const Segment& seg);
  void take_options(Tcb& tcb, const Segment& syn, bool we_offered);
  void update_rtt(Tcb& tcb, Micros sample);
  void closed_input(std::uint16_t host, const Segment& seg);

  // ---- tcp_output.cpp
  Segment make_segment(const Tcb& tcb, std::uint32_t seq, std::uint8_t flags, std::uint32_t len);
  // The SYN-ACK of a connection (simultaneous open, the two-way counterfactual, its
  // retransmission): our MSS from the host's MTU, and the options both SYNs agreed on.
  Segment make_synack(const Tcb& tcb);
  // The SYN-ACK of a request in the SYN queue or a SYN cookie: the options answer `syn`.
  Segment request_synack(std::uint16_t host, SockAddr local, SockAddr remote, std::uint32_t iss,
                         const Segment& syn);
  std::uint16_t host_mss(std::uint16_t host) const;  // RFC 9293 §3.7.1: MTU - 40
  void output(Tcb& tcb, Reason why);  // send what the window allows, then a pending FIN
  void send_ack(Tcb& tcb, Reason why);
  void send_syn(Tcb& tcb, bool retransmission, Reason why);
  void send_reset(std::uint16_t host, const Segment& to, Reason why, std::uint32_t conn = 0);
  void send_active_reset(Tcb& tcb, Reason why);  // RST,ACK from a TCB
  void retransmit(Tcb& tcb, Unacked& u, Reason why);
  void schedule_ack(Tcb& tcb, bool immediate, Reason why);
  void flush_ack(Tcb& tcb);
  std::uint16_t advertised_window(const Tcb& tcb, bool syn) const;
  std::uint32_t effective_mss(const Tcb& tcb) const;
  void arm_retransmit(Tcb& tcb);

  // ---- tcp_timers.cpp
  void on_tcb_timer(std::uint32_t tcb_id, TcbTimer which, std::uint32_t gen);
  void on_retransmit_timer(Tcb& tcb);
  void on_loss_probe(Tcb& tcb);
  void on_delayed_ack(Tcb& tcb);
  void on_keepalive(Tcb& tcb);
  void on_close_timer(Tcb& tcb);
  void on_synack_timer(std::uint32_t listener_id, std::uint64_t remote_key, std::uint32_t gen);
  void arm_keepalive(Tcb& tcb);
  bool retries_timed_out(const Tcb& tcb, int boundary) const;

  // ---- listener.cpp
  void listener_input(Listener& l, const Segment& seg);
  void listener_syn(Listener& l, const Segment& seg);
  void listener_ack(Listener& l, const Segment& seg);
  void listener_syn_two_way(Listener& l, const Segment& seg);  // counterfactual
  void send_synack(Listener& l, Request& req, Reason why, std::uint32_t retransmit_of);
  void arm_request_timer(Listener& l, Request& req, Micros delay);  // the SYN-ACK timer
  // Takes a request out of the SYN queue (its timer is cancelled); returns its connection id.
  std::uint32_t remove_request(Listener& l, std::map<SockAddr, Request>::iterator it);
  Tcb& create_child(Listener& l, SockAddr local, SockAddr remote, std::uint32_t iss,
                    std::uint32_t irs, const Segment& syn, std::uint32_t conn);
  void close_listener(Listener& l);

  // ---- local_ports.cpp: what limits how many connections a client can open and close
  // A local port for a new connection to `remote` from ip_local_port_range: a free one, or
  // one whose TIME_WAIT connection may be taken over; nullopt when every port is in use.
  std::optional<std::uint16_t> pick_local_port(std::uint16_t host, SockAddr remote);
  bool time_wait_reusable(const Tcb& old) const;        // tcp_tw_reuse=1 and timestamps
  bool time_wait_table_full(std::uint16_t host) const;  // tcp_max_tw_buckets reached

  // ---- socket_calls.cpp
  void run_program(std::uint32_t program);
  bool step(ProgramState& p, const StepSpec& s);  // false: blocked
  void app_close(Tcb& tcb, bool abort);
  void close_owned(ProgramState& p);  // process exit or crash: the kernel closes them
  void crash_host(std::uint16_t host, Micros down_for);
  void host_up(std::uint16_t host);

  // ---- attacker.cpp
  void flood_tick(std::uint32_t flood, std::uint32_t index);
  void inject(std::uint32_t index);

  // Data, public for the functions above (one object split over several files).
  ScenarioSpec spec_;
  RunOptions options_;
  Micros now_ = 0;
  std::uint64_t next_order_ = 0;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> queue_;
  std::vector<HostState> hosts_;
  std::deque<Tcb> tcbs_;
  std::deque<Listener> listeners_;
  std::vector<ProgramState> programs_;
  std::vector<InFlight> in_flight_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<RuleState> rules_;
  std::vector<std::uint32_t> held_for_reorder_;  // slots waiting for the next segment
  std::vector<Micros> link_latency_;             // [from * hosts + to]
  std::vector<ReassemblyTimer> reassembly_timers_;
  IsnGenerator isn_;
  SynCookies cookies_;
  KeyedHash ts_hash_;
  std::mt19937_64 rng_;
  std::uint32_t next_conn_ = 1;
  Trace trace_;
  RunStats stats_;
  struct DirKeyHash {
    static std::uint64_t mix(std::uint64_t x) { return splitmix64_mix(x); }
    std::size_t operator()(const std::pair<SockAddr, SockAddr>& k) const {
      const std::uint64_t addrs = std::uint64_t{k.first.addr} << 32 | k.second.addr;
      const std::uint64_t ports = std::uint64_t{k.first.port} << 16 | k.second.port;
      return mix(addrs ^ mix(ports));
    }
  };
  std::unordered_map<std::pair<SockAddr, SockAddr>, std::uint32_t, DirKeyHash> seq_base_;
};

}  // namespace synack
