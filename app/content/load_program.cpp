// [[program]] sections: each step is one blocking socket call (docs/scenario-format.md).
#include <array>

#include "app/content/load_context.hpp"

namespace synack {

namespace {

struct CallName {
  std::string_view name;
  AppCall call;
};

// The names a scenario file may use. `abort` is not one: it is `close` with `linger = 0`.
constexpr std::array<CallName, 13> kCalls = {{
    {"listen", AppCall::listen},
    {"accept", AppCall::accept},
    {"connect", AppCall::connect},
    {"send", AppCall::send},
    {"recv", AppCall::recv},
    {"shutdown", AppCall::shutdown},
    {"close", AppCall::close},
    {"keepalive", AppCall::keepalive},
    {"setsockopt", AppCall::setsockopt},
    {"sleep", AppCall::sleep},
    {"crash_process", AppCall::crash_process},
    {"crash_host", AppCall::crash_host},
    {"reboot_host", AppCall::reboot_host},
}};

constexpr std::int64_t kMaxBytes = std::int64_t{1} << 40;

std::string call_list() {
  std::string out;
  for (const CallName& c : kCalls) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

StepSpec load_step(const TomlTable& t, const LoadContext& ctx) {
  StepSpec step;
  step.line = t.line();
  std::string name = t.req_string("call");
  const CallName* found = nullptr;
  for (const CallName& c : kCalls) {
    if (c.name == name) found = &c;
  }
  if (found == nullptr) t.fail("call", "unknown call \"" + name + "\"; valid: " + call_list());
  step.call = found->call;
  std::string context = "for call \"" + name + "\"";
  switch (step.call) {
    case AppCall::listen:
      t.allow_only({"call", "repeat", "port", "backlog"}, context);
      step.port = static_cast<std::uint16_t>(t.req_int("port", 1, 65535));
      step.backlog = static_cast<int>(t.opt_int("backlog", 0, 65535).value_or(128));
      break;
    case AppCall::connect: {
      t.allow_only({"call", "repeat", "to", "local_port", "timeout_ms"}, context);
      auto [peer, port] = ctx.req_endpoint(t, "to");
      step.peer = peer;
      step.port = port;
      step.local_port = static_cast<std::uint16_t>(t.opt_int("local_port", 1, 65535).value_or(0));
      step.timeout = from_ms(t.opt_number("timeout_ms", 0, kMaxMs).value_or(0));
      break;
    }
    case AppCall::send:
      t.allow_only({"call", "repeat", "bytes"}, context);
      step.bytes = t.req_int("bytes", 1, kMaxBytes);
      break;
    case AppCall::recv:
      t.allow_only({"call", "repeat", "bytes"}, context);
      step.bytes = t.opt_int("bytes", 1, kMaxBytes).value_or(0);
      break;
    case AppCall::shutdown:
      t.allow_only({"call", "repeat", "read"}, context);
      step.shutdown_read = t.opt_bool("read").value_or(false);
      break;
    case AppCall::close:
      t.allow_only({"call", "repeat", "linger"}, context);
      if (std::optional<std::int64_t> linger = t.opt_int("linger", 0, 1 << 30)) {
        // Only SO_LINGER {1,0} changes what the kernel sends; a positive linger time only
        // makes close() block, which a script cannot observe here.
        if (*linger != 0) t.fail("linger", "only linger = 0 (abort with RST) is supported");
        step.call = AppCall::abort;
      }
      break;
    case AppCall::keepalive:
      // Linux limits: TCP_KEEPIDLE and TCP_KEEPINTVL up to 32767 s, TCP_KEEPCNT up to 127.
      t.allow_only({"call", "repeat", "idle_s", "intvl_s", "probes"}, context);
      step.keepalive_idle_s = static_cast<int>(t.opt_int("idle_s", 0, 32767).value_or(0));
      step.keepalive_intvl_s = static_cast<int>(t.opt_int("intvl_s", 0, 32767).value_or(0));
      step.keepalive_probes = static_cast<int>(t.opt_int("probes", 0, 127).value_or(0));
      break;
    case AppCall::setsockopt:
      // TCP_NODELAY, SO_RCVBUF, SO_SNDBUF (bytes as the program passes them; see
      // docs/scenario-format.md for how Linux doubles them).
      t.allow_only({"call", "repeat", "nodelay", "rcvbuf", "sndbuf"}, context);
      if (std::optional<bool> on = t.opt_bool("nodelay")) step.nodelay = *on ? 1 : 0;
      step.rcvbuf = t.opt_int("rcvbuf", 256, 1 << 30).value_or(0);
      step.sndbuf = t.opt_int("sndbuf", 256, 1 << 30).value_or(0);
      if (step.nodelay < 0 && step.rcvbuf == 0 && step.sndbuf == 0) {
        t.fail("call", "setsockopt needs nodelay, rcvbuf or sndbuf");
      }
      break;
    case AppCall::sleep:
      t.allow_only({"call", "repeat", "ms"}, context);
      step.duration = from_ms(t.req_number("ms", 0, kMaxMs));
      break;
    case AppCall::reboot_host:
      t.allow_only({"call", "repeat", "down_ms"}, context);
      step.duration = opt_ms(t, "down_ms", 0);
      break;
    case AppCall::accept:
    case AppCall::crash_process:
    case AppCall::crash_host:
    case AppCall::abort:
      t.allow_only({"call", "repeat"}, context);
      break;
  }
  return step;
}

constexpr std::int64_t kMaxRepeat = 100000;
// After expanding `repeat`, in all programs together: a limit per program let a few KB of
// programs expand to gigabytes.
constexpr std::size_t kMaxSteps = 1000000;

// Steps in order; `repeat = N` repeats one step, and `{ repeat = N, steps = [...] }` a group
// (groups may nest). Both expand here, so the engine sees plain steps with their own lines.
// At most `limit` steps go into `out`; a group is expanded up to kMaxSteps before its own
// `repeat` is checked against what is left, so the error names the outermost repeat.
void load_steps(const TomlTable& parent, const toml::array& steps, const LoadContext& ctx,
                int depth, std::size_t limit, std::vector<StepSpec>& out) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    TomlTable t = table_at(parent, "steps", steps, i);
    const auto times = static_cast<std::size_t>(t.opt_int("repeat", 1, kMaxRepeat).value_or(1));
    std::vector<StepSpec> once;
    if (t.has("steps")) {
      t.allow_only({"repeat", "steps"}, "for a group of steps");
      if (depth >= 4) t.fail("steps", "groups of steps nest at most 4 deep");
      const toml::array& inner = t.req_table_array("steps");
      if (inner.empty()) t.fail("steps", "a group needs at least one step");
      load_steps(t, inner, ctx, depth + 1, kMaxSteps, once);
    } else {
      once.push_back(load_step(t, ctx));
    }
    if (out.size() + once.size() * times > limit) {
      t.fail("repeat",
             "the programs would have more than " + std::to_string(kMaxSteps) + " steps in all");
    }
    for (std::size_t n = 0; n < times; ++n) out.insert(out.end(), once.begin(), once.end());
  }
}

}  // namespace

std::vector<ProgramSpec> load_programs(const TomlTable& root, const LoadContext& ctx) {
  const toml::array& array = root.req_table_array("program");
  if (array.empty()) root.fail("program", "declare at least one [[program]]");
  std::vector<ProgramSpec> programs;
  std::size_t total_steps = 0;
  for (std::size_t i = 0; i < array.size(); ++i) {
    TomlTable t = table_at(root, "program", array, i);
    t.allow_only({"host", "name", "start_ms", "steps"});
    ProgramSpec p;
    p.host = ctx.req_host(t, "host");
    p.name = t.opt_string("name").value_or(p.host);
    if (p.name.empty()) t.fail("name", "must not be empty");
    for (const ProgramSpec& other : programs) {
      if (other.name == p.name) {
        t.fail(t.has("name") ? "name" : "host",
               "program name \"" + p.name + "\" is used twice; give one a `name`");
      }
    }
    p.start = opt_ms(t, "start_ms", 0);
    const toml::array& steps = t.req_table_array("steps");
    if (steps.empty()) t.fail("steps", "a program needs at least one step");
    load_steps(t, steps, ctx, 0, kMaxSteps - total_steps, p.steps);
    total_steps += p.steps.size();
    programs.push_back(std::move(p));
  }
  return programs;
}

}  // namespace synack
