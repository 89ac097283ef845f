// [network] and [attacker]: latencies, segment rules, SYN floods and crafted segments.
#include <fmt/format.h>

#include <tuple>

#include "app/content/load_context.hpp"
#include "engine/segment.hpp"

namespace synack {

namespace {

LinkSpec load_link(const TomlTable& t, const LoadContext& ctx) {
  t.allow_only({"from", "to", "latency_ms"});
  LinkSpec link;
  link.from = ctx.req_host(t, "from");
  link.to = ctx.req_host(t, "to");
  if (link.from == link.to) t.fail("to", "a link joins two different hosts");
  link.latency = from_ms(t.req_number("latency_ms", 0, kMaxMs));
  return link;
}

// KEY = N or KEY = [FIRST, LAST] with lo <= FIRST <= LAST <= hi; N gives {N, N}.
std::pair<std::int64_t, std::int64_t> req_range(const TomlTable& t, const char* key,
                                                std::int64_t lo, std::int64_t hi) {
  if (const toml::array* range = t.holds_array(key) ? t.opt_array(key) : nullptr) {
    const auto first = range->size() == 2 ? range->get_as<std::int64_t>(0) : nullptr;
    const auto last = range->size() == 2 ? range->get_as<std::int64_t>(1) : nullptr;
    if (!first || !last || first->get() < lo || last->get() < first->get() || last->get() > hi) {
      t.fail(key, fmt::format("expected an integer or [FIRST, LAST] with {} <= FIRST <= LAST <= {}",
                              lo, hi));
    }
    return {first->get(), last->get()};
  }
  const std::int64_t n = *t.opt_int(key, lo, hi);
  return {n, n};
}

RuleSpec load_rule(const TomlTable& t, const LoadContext& ctx) {
  t.allow_only({"action", "from", "flags", "nth", "payload", "fragment", "after_ms", "before_ms",
                "delay_ms", "src_port", "dst_port", "seq"});
  RuleSpec rule;
  rule.line = t.line();
  std::string action = t.req_string("action");
  if (action == "drop") {
    rule.action = RuleAction::drop;
  } else if (action == "delay") {
    rule.action = RuleAction::delay;
  } else if (action == "duplicate") {
    rule.action = RuleAction::duplicate;
  } else if (action == "reorder") {
    rule.action = RuleAction::reorder;
  } else {
    t.fail("action", "unknown action \"" + action + "\"; valid: drop, delay, duplicate, reorder");
  }
  SegmentMatch& m = rule.match;
  m.from = ctx.req_host(t, "from");
  if (t.has("flags")) m.flags = req_flags(t, "flags", true);
  if (t.has("nth")) {
    const auto [first, last] = req_range(t, "nth", 1, 1 << 30);
    m.nth = static_cast<int>(first);
    m.nth_last = first == last ? 0 : static_cast<int>(last);
  }
  if (auto port = t.opt_int("src_port", 1, 65535)) m.src_port = static_cast<std::uint16_t>(*port);
  if (auto port = t.opt_int("dst_port", 1, 65535)) m.dst_port = static_cast<std::uint16_t>(*port);
  if (t.has("seq")) {
    const auto [first, last] = req_range(t, "seq", 0, 0xFFFFFFFF);
    m.match_seq = true;
    m.seq_first = static_cast<std::uint32_t>(first);
    m.seq_last = static_cast<std::uint32_t>(last);
  }
  m.has_payload = t.opt_bool("payload");
  m.fragment = static_cast<int>(t.opt_int("fragment", 1, 8192).value_or(0));
  m.after = opt_ms(t, "after_ms", 0);
  m.before = opt_ms(t, "before_ms", kNever);
  if (m.before <= m.after) t.fail("before_ms", "must be later than after_ms");
  bool timed = rule.action == RuleAction::delay || rule.action == RuleAction::duplicate;
  if (timed) {
    rule.delay = from_ms(t.req_number("delay_ms", 0, kMaxMs));
  } else if (t.has("delay_ms")) {
    t.fail("delay_ms", "only applies to action \"delay\" or \"duplicate\"");
  }
  return rule;
}

// "198.51.100.0/24" -> base address and number of addresses.
std::pair<Addr, std::uint32_t> req_cidr(const TomlTable& t, std::string_view key) {
  std::string text = t.req_string(key);
  std::size_t slash = text.find('/');
  std::optional<Addr> base;
  std::optional<std::int64_t> bits;
  if (slash != std::string::npos) {
    base = addr_from_string(std::string_view(text).substr(0, slash));
    bits = parse_decimal(std::string_view(text).substr(slash + 1), 1, 32);
  }
  if (!base || !bits) t.fail(key, "expected CIDR like \"198.51.100.0/24\", got \"" + text + "\"");
  std::uint32_t count = std::uint32_t{1} << (32 - *bits);
  if ((*base & (count - 1)) != 0) {
    t.fail(key, "\"" + text + "\" has host bits set; the network is " +
                    addr_to_string(*base & ~(count - 1)) + "/" + std::to_string(*bits));
  }
  return {*base, count};
}

// "10.0.0.1:40000", or "server:80" for a declared host.
SockAddr req_sockaddr(const TomlTable& t, std::string_view key, const LoadContext& ctx) {
  std::string text = t.req_string(key);
  std::size_t colon = text.rfind(':');
  std::optional<std::int64_t> port;
  std::optional<Addr> addr;
  if (colon != std::string::npos) {
    std::string name = text.substr(0, colon);
    port = parse_decimal(std::string_view(text).substr(colon + 1), 1, 65535);
    const HostSpec* host = ctx.host(name);
    addr = host != nullptr ? std::optional<Addr>(host->addr) : addr_from_string(name);
  }
  if (!addr || !port) {
    t.fail(key, "expected \"ADDRESS:PORT\" or \"HOST:PORT\", got \"" + text + "\"");
  }
  return SockAddr{*addr, static_cast<std::uint16_t>(*port)};
}

SynFloodSpec load_flood(const TomlTable& t, const LoadContext& ctx) {
  t.allow_only({"host", "target", "rate_per_s", "count", "start_ms", "spoof", "src_port"});
  SynFloodSpec flood;
  flood.host = ctx.req_host(t, "host");
  auto [target, port] = ctx.req_endpoint(t, "target");
  flood.target = target;
  flood.port = port;
  flood.rate_per_s = t.opt_number("rate_per_s", 0, 1e6).value_or(100);
  if (flood.rate_per_s <= 0) t.fail("rate_per_s", "must be greater than 0");
  flood.count = t.opt_int("count", 1, 10'000'000).value_or(100);
  flood.start = opt_ms(t, "start_ms", 0);
  if (t.has("spoof")) {
    std::tie(flood.spoof_base, flood.spoof_count) = req_cidr(t, "spoof");
  } else {
    // TEST-NET-2 (RFC 5737): addresses nobody owns, so SYN-ACKs to them go nowhere.
    flood.spoof_base = (Addr{198} << 24) | (Addr{51} << 16) | (Addr{100} << 8);
    flood.spoof_count = 256;
  }
  flood.src_port_base = static_cast<std::uint16_t>(t.opt_int("src_port", 1, 65535).value_or(1024));
  return flood;
}

InjectSpec load_inject(const TomlTable& t, const LoadContext& ctx) {
  t.allow_only({"host", "at_ms", "src", "dst", "flags", "seq", "ack", "len", "relative"});
  InjectSpec inject;
  inject.host = ctx.req_host(t, "host");
  inject.at = opt_ms(t, "at_ms", 0);
  inject.src = req_sockaddr(t, "src", ctx);
  inject.dst = req_sockaddr(t, "dst", ctx);
  inject.flags = *req_flags(t, "flags", false);
  inject.seq = static_cast<std::uint32_t>(t.opt_int("seq", 0, 0xFFFFFFFF).value_or(0));
  inject.ack = static_cast<std::uint32_t>(t.opt_int("ack", 0, 0xFFFFFFFF).value_or(0));
  inject.len = static_cast<std::uint32_t>(t.opt_int("len", 0, 65535).value_or(0));
  inject.relative = t.opt_bool("relative").value_or(false);
  return inject;
}

}  // namespace

void load_network(const TomlTable& root, const LoadContext& ctx, ScenarioSpec& spec) {
  const toml::table* table = root.opt_table("network");
  if (table == nullptr) return;
  TomlTable t(*table, root.field("network"), root.file());
  t.allow_only({"latency_ms", "link", "rule"});
  spec.latency = opt_ms(t, "latency_ms", spec.latency);
  if (const toml::array* links = t.opt_table_array("link")) {
    for (std::size_t i = 0; i < links->size(); ++i) {
      spec.links.push_back(load_link(table_at(t, "link", *links, i), ctx));
    }
  }
  if (const toml::array* rules = t.opt_table_array("rule")) {
    for (std::size_t i = 0; i < rules->size(); ++i) {
      spec.rules.push_back(load_rule(table_at(t, "rule", *rules, i), ctx));
    }
  }
}

void load_attacker(const TomlTable& root, const LoadContext& ctx, ScenarioSpec& spec) {
  const toml::table* table = root.opt_table("attacker");
  if (table == nullptr) return;
  TomlTable t(*table, root.field("attacker"), root.file());
  t.allow_only({"syn_flood", "inject"});
  if (const toml::array* floods = t.opt_table_array("syn_flood")) {
    for (std::size_t i = 0; i < floods->size(); ++i) {
      spec.floods.push_back(load_flood(table_at(t, "syn_flood", *floods, i), ctx));
    }
  }
  if (const toml::array* injects = t.opt_table_array("inject")) {
    for (std::size_t i = 0; i < injects->size(); ++i) {
      spec.injects.push_back(load_inject(table_at(t, "inject", *injects, i), ctx));
    }
  }
}

}  // namespace synack
