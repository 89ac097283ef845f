#include "app/content/scenario_loader.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "app/content/load_context.hpp"
#include "app/content/localized_text.hpp"
#include "app/content/topics.hpp"
#include "engine/segment.hpp"
#include "engine/sysctl.hpp"

namespace synack {

namespace {

bool valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool valid_host_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

std::vector<std::string> load_topics(const TomlTable& root, const LoadOptions& options) {
  const toml::array* array = root.opt_array("topics");
  if (array == nullptr) root.fail("topics", "required key is missing");
  if (array->empty()) root.fail("topics", "list at least one topic id (\"HS-01\")");
  std::vector<std::string> topics;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& node = *array->get(i);
    std::string field = root.field("topics") + "[" + std::to_string(i) + "]";
    if (!node.is_string()) {
      root.fail_at(node_line(node), field,
                   "expected string, got " + std::string(toml_type_name(node.type())));
    }
    std::string id = node.as_string()->get();
    if (!valid_topic_form(id)) {
      root.fail_at(node_line(node), field, "bad topic id \"" + id + "\"; expected \"XX-NN\"");
    }
    if (options.known_topics != nullptr && options.known_topics->count(id) == 0) {
      root.fail_at(node_line(node), field, "unknown topic id \"" + id + "\"");
    }
    if (std::find(topics.begin(), topics.end(), id) != topics.end()) {
      root.fail_at(node_line(node), field, "topic \"" + id + "\" is listed twice");
    }
    topics.push_back(id);
  }
  return topics;
}

std::string knob_list() {
  std::string out;
  for (const KnobInfo& k : all_knobs()) out += (out.empty() ? "" : ", ") + std::string(k.name);
  return out;
}

// `net.ipv4.tcp_syn_retries = 3` written unquoted is a nested table in TOML: flatten it.
void load_sysctl_table(const toml::table& table, const std::string& prefix,
                       const std::string& field, const std::string& file, SysctlOverrides& out) {
  // toml::table iterates in key order; keep the file's order instead.
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, node] : table) entries.emplace_back(&key, &node);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const toml::source_position& pa = a.first->source().begin;
    const toml::source_position& pb = b.first->source().begin;
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });
  for (const auto& [key_ptr, node_ptr] : entries) {
    const toml::key& key = *key_ptr;
    const toml::node& node = *node_ptr;
    std::string name = prefix + std::string(key.str());
    std::string here = field + "." + std::string(key.str());
    int line = static_cast<int>(key.source().begin.line);
    if (node.is_table()) {
      load_sysctl_table(*node.as_table(), name + ".", here, file, out);
      continue;
    }
    std::optional<Knob> knob = find_knob(name);
    if (!knob) {
      throw ScenarioError(file, line, here,
                          "unknown sysctl \"" + name + "\"; valid: " + knob_list());
    }
    const KnobInfo& info = knob_info(*knob);
    for (const SysctlSetting& have : out) {
      if (have.knob == *knob) {
        throw ScenarioError(file, line, here,
                            "sysctl \"" + std::string(info.name) + "\" is set twice");
      }
    }
    try {
      // ip_local_port_range = "32768 60999", tcp_rmem = "4096 131072 6291456",
      // tcp_congestion_control = "cubic": checked as /proc/sys would.
      if (info.parts > 1 || (!info.names.empty() && node.is_string())) {
        if (!node.is_string()) {
          throw ScenarioError(file, line, here,
                              "expected a string like \"" +
                                  format_knob_value(info, info.linux_6_18) + "\", got " +
                                  std::string(toml_type_name(node.type())));
        }
        out.push_back(parse_sysctl(name, node.as_string()->get()));
        continue;
      }
      if (!node.is_integer()) {
        throw ScenarioError(file, line, here,
                            "expected integer, got " + std::string(toml_type_name(node.type())));
      }
      out.push_back(checked_sysctl(*knob, node.as_integer()->get()));
    } catch (const SysctlError& e) {
      throw ScenarioError(file, line, here, e.what());
    }
  }
}

SysctlOverrides load_sysctls(const TomlTable& t) {
  SysctlOverrides out;
  if (const toml::table* table = t.opt_table("sysctl")) {
    load_sysctl_table(*table, "", t.field("sysctl"), t.file(), out);
  }
  return out;
}

std::vector<HostSpec> load_hosts(const TomlTable& root) {
  const toml::array& array = root.req_table_array("host");
  if (array.empty()) root.fail("host", "declare at least one [[host]]");
  std::vector<HostSpec> hosts;
  for (std::size_t i = 0; i < array.size(); ++i) {
    TomlTable t = table_at(root, "host", array, i);
    t.allow_only({"name", "addr", "sysctl", "mtu", "segmentation"});
    HostSpec h;
    h.name = t.req_string("name");
    if (!valid_host_name(h.name)) {
      t.fail("name", "bad host name \"" + h.name + "\"; use letters, digits, '-' and '_'");
    }
    for (const HostSpec& other : hosts) {
      if (other.name == h.name) t.fail("name", "host \"" + h.name + "\" is declared twice");
    }
    if (std::optional<std::string> text = t.opt_string("addr")) {
      std::optional<Addr> addr = addr_from_string(*text);
      if (!addr) t.fail("addr", "bad IPv4 address \"" + *text + "\"");
      h.addr = *addr;
    } else {
      h.addr = (Addr{10} << 24) | static_cast<Addr>(i + 1);  // 10.0.0.N, N from 1
    }
    for (const HostSpec& other : hosts) {
      if (other.addr == h.addr) {
        t.fail("addr", "address " + addr_to_string(h.addr) + " is already used by host \"" +
                           other.name + "\"");
      }
    }
    h.mtu = static_cast<std::uint32_t>(t.opt_int("mtu", 68, 65535).value_or(1500));
    // A counterfactual the material argues with (topic BA-10), not a setting Linux has.
    if (std::optional<std::string> seg = t.opt_string("segmentation")) {
      if (*seg == "ip-fragmentation") {
        h.ignores_mss = true;
      } else if (*seg != "mss") {
        t.fail("segmentation",
               "unknown segmentation \"" + *seg + "\"; valid: mss, ip-fragmentation");
      }
    }
    h.sysctls = load_sysctls(t);
    hosts.push_back(std::move(h));
  }
  return hosts;
}

void load_top_level(const TomlTable& root, const std::string& path, const LoadOptions& options,
                    Scenario& sc) {
  root.allow_only({"id", "title", "summary", "topics", "profile", "seed", "stop_at_ms", "isn",
                   "fixed_isn", "handshake", "time_wait_ms", "sysctl", "network", "host", "program",
                   "attacker", "narration"});
  ScenarioSpec& spec = sc.spec;
  spec.id = root.req_string("id");
  if (!valid_id(spec.id)) {
    root.fail("id", "bad id \"" + spec.id + "\"; use lowercase letters, digits and '-'");
  }
  std::filesystem::path file(path);
  if (file.extension() == ".toml" && file.stem().string() != spec.id) {
    root.fail("id", "id \"" + spec.id + "\" does not match the file name \"" +
                        file.filename().string() + "\"");
  }
  sc.title = load_text(root, "title");
  sc.summary = load_text(root, "summary");
  sc.topics = load_topics(root, options);
  if (std::optional<std::string> profile = root.opt_string("profile")) {
    if (std::find(kProfiles.begin(), kProfiles.end(), *profile) == kProfiles.end()) {
      root.fail("profile", "unknown profile \"" + *profile + "\"; valid: classic, linux-6.18");
    }
    spec.profile = *profile;
  }
  spec.seed = static_cast<std::uint64_t>(
      root.opt_int("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(1));
  if (std::optional<double> stop = root.opt_number("stop_at_ms", 0, kMaxMs)) {
    if (*stop <= 0) root.fail("stop_at_ms", "must be greater than 0");
    spec.stop_at = from_ms(*stop);
  }
  if (std::optional<std::string> isn = root.opt_string("isn")) {
    if (*isn == "fixed") {
      spec.isn = IsnMode::fixed;
    } else if (*isn != "rfc6528") {
      root.fail("isn", "unknown isn mode \"" + *isn + "\"; valid: rfc6528, fixed");
    }
  }
  if (std::optional<std::int64_t> fixed = root.opt_int("fixed_isn", 0, 0xFFFFFFFF)) {
    if (spec.isn != IsnMode::fixed) root.fail("fixed_isn", "needs isn = \"fixed\"");
    spec.fixed_isn = static_cast<std::uint32_t>(*fixed);
  }
  // Counterfactuals the material argues with (not settings Linux has).
  if (std::optional<std::string> handshake = root.opt_string("handshake")) {
    if (*handshake == "two-way") {
      spec.two_way_handshake = true;
    } else if (*handshake != "three-way") {
      root.fail("handshake", "unknown handshake \"" + *handshake + "\"; valid: three-way, two-way");
    }
  }
  if (std::optional<double> tw = root.opt_number("time_wait_ms", 0, kMaxMs)) {
    spec.time_wait = from_ms(*tw);
  }
  spec.sysctls = load_sysctls(root);
}

}  // namespace

Scenario load_scenario_from_string(std::string_view text, const std::string& path,
                                   const LoadOptions& options) {
  toml::table doc;
  try {
    doc = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(path, static_cast<int>(e.source().begin.line), "",
                        "TOML syntax error: " + std::string(e.description()));
  }
  TomlTable root(doc, "", path);
  Scenario sc;
  sc.path = path;
  load_top_level(root, path, options, sc);
  LoadContext ctx;
  ctx.hosts = load_hosts(root);
  sc.spec.hosts = ctx.hosts;
  load_network(root, ctx, sc.spec);
  sc.spec.programs = load_programs(root, ctx);
  load_attacker(root, ctx, sc.spec);
  sc.narration = load_narration(root, ctx);
  return sc;
}

Scenario load_scenario(const std::string& path, const LoadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, 0, "", "cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_from_string(text.str(), path, options);
}

}  // namespace synack
