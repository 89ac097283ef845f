#include "trace.hpp"

#include <array>

namespace synack {

std::string_view state_name(TcpState s) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "CLOSED",     "LISTEN",     "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
      "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING",  "LAST_ACK",     "TIME_WAIT"};
  return kNames[static_cast<std::size_t>(s)];
}

std::string_view event_type_name(EventType t) {
  static constexpr std::array<std::string_view, 8> kNames = {"send", "recv",  "drop",  "state",
                                                             "app",  "timer", "queue", "window"};
  return kNames[static_cast<std::size_t>(t)];
}

std::string_view timer_name(TimerKind k) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "syn_retransmit", "synack_retransmit", "retransmit", "loss_probe",
      "delayed_ack",    "keepalive",         "fin_wait_2", "time_wait",
      "ip_reassembly",  "zero_window_probe", "reorder"};
  return kNames[static_cast<std::size_t>(k)];
}

std::string_view timer_action_name(TimerAction a) {
  static constexpr std::array<std::string_view, 3> kNames = {"armed", "fired", "cancelled"};
  return kNames[static_cast<std::size_t>(a)];
}

std::string_view app_call_name(AppCall c) {
  static constexpr std::array<std::string_view, 14> kNames = {
      "listen",     "accept",      "connect", "send",      "recv",
      "shutdown",   "close",       "abort",   "keepalive", "crash_process",
      "crash_host", "reboot_host", "sleep",   "setsockopt"};
  return kNames[static_cast<std::size_t>(c)];
}

std::string_view app_result_name(AppResult r) {
  static constexpr std::array<std::string_view, 10> kNames = {
      "ok",         "blocked", "EOF",        "ECONNREFUSED", "ETIMEDOUT",
      "ECONNRESET", "EPIPE",   "EADDRINUSE", "ENOTCONN",     "EADDRNOTAVAIL"};
  return kNames[static_cast<std::size_t>(r)];
}

Event make_timer_event(Micros t, std::uint16_t host, std::uint32_t conn, TimerKind kind,
                       TimerAction action, Micros deadline, Reason why) {
  if (why.why == Why::none) {
    why.why = action == TimerAction::armed   ? Why::timer_armed
              : action == TimerAction::fired ? Why::timer_fired
                                             : Why::timer_cancelled;
  }
  Event e = make_event(t, EventType::timer, host, conn, why);
  e.timer = kind;
  e.action = action;
  e.deadline = deadline;
  return e;
}

std::uint16_t Trace::host_index(std::string_view name) const {
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    if (hosts[i].name == name) return static_cast<std::uint16_t>(i);
  }
  return kNoHost;
}

const std::string& Trace::host_name(std::uint16_t idx) const {
  static const std::string kNobody = "(nobody)";
  return idx < hosts.size() ? hosts[idx].name : kNobody;
}

}  // namespace synack
