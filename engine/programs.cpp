// The programs of a scenario: each runs its socket calls in order, like the Python scripts
// that made the Linux captures, blocking where the call blocks. The calls themselves are
// the host stack's (socket_calls.cpp); what is left here is the process around them:
// sleeping, being woken, exiting, crashing, and whole-host crashes.
#include "world.hpp"

namespace synack {

void World::run_program(std::uint32_t index) {
  ProgramState& p = programs_[index];
  if (p.done) return;
  HostStack& stack = stacks_[p.host];
  if (!stack.up()) {
    p.done = true;
    return;
  }
  while (p.pc < p.spec->steps.size()) {
    const CallStatus status = step(p, p.spec->steps[p.pc]);
    note_head(p.host);
    if (status == CallStatus::blocked) {
      p.blocked = !p.done;
      return;
    }
    p.blocked = false;
    p.proc.step_started = false;
    ++p.pc;
  }
  // Process exit: the kernel closes whatever the program still holds.
  p.done = true;
  stack.close_process(now_, p.proc);
  note_head(p.host);
}

CallStatus World::step(ProgramState& p, const StepSpec& s) {
  HostStack& stack = stacks_[p.host];
  switch (s.call) {
    case AppCall::sleep:
      if (!p.proc.step_started) {
        p.proc.step_started = true;
        p.sleep_until = now_ + s.duration;
        p.wake_queued = true;
        schedule(p.sleep_until, Due::program, p.proc.id);
        return CallStatus::blocked;
      }
      return now_ >= p.sleep_until ? CallStatus::done : CallStatus::blocked;
    case AppCall::connect: {
      const SockAddr remote{links_[host_by_name(s.peer)].addr, s.port};
      return stack.socket_call(now_, p.proc, s, remote);
    }
    case AppCall::listen:
    case AppCall::accept:
    case AppCall::send:
    case AppCall::recv:
    case AppCall::shutdown:
    case AppCall::close:
    case AppCall::abort:
    case AppCall::keepalive:
    case AppCall::setsockopt:
      return stack.socket_call(now_, p.proc, s);
    case AppCall::crash_process:
      stack.report_call(now_, AppCall::crash_process, AppResult::ok, {Why::process_crashed});
      p.done = true;
      stack.close_process(now_, p.proc);
      return CallStatus::blocked;
    case AppCall::crash_host:
    case AppCall::reboot_host:
      stack.report_call(now_, s.call, AppResult::ok, {Why::host_crashed});
      crash_host(p.host, s.call == AppCall::reboot_host ? s.duration : kNever);
      return CallStatus::blocked;
  }
  return CallStatus::done;
}

void World::crash_host(std::uint16_t host, Micros down_for) {
  stacks_[host].crash(now_);
  links_[host].reassembly = {};  // partial datagrams die with the kernel; their timers find nothing
  for (ProgramState& p : programs_) {
    if (p.host == host) p.done = true;
  }
  if (down_for != kNever) schedule(now_ + down_for, Due::host_up, host);
}

void World::host_up(std::uint16_t host) {
  stacks_[host].reboot(now_);
}

}  // namespace synack
