// The scenario loader: what a valid file turns into, and where each kind of mistake is
// reported (file:line: field: message).
#include <catch2/catch.hpp>
#include <string>

#include "app/content/scenario_loader.hpp"
#include "engine/sysctl.hpp"

using namespace synack;

namespace {

// Line numbers matter below: line N of kBase is commented with N.
const std::string kBase = R"(id = "t"
title = { en = "T", zh = "T" }
summary = { en = "S", zh = "S" }
topics = ["HS-01"]
[[host]]
name = "client"
[[host]]
name = "server"
[[program]]
host = "server"
steps = [{ call = "listen", port = 80 }, { call = "accept" }]
[[program]]
host = "client"
steps = [{ call = "connect", to = "server:80" }, { call = "close" }]
)";
// 1 id, 2 title, 3 summary, 4 topics, 5-6 host[0], 7-8 host[1], 9-11 program[0],
// 12-14 program[1].

std::string with(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The error message, or "" when the text loads.
std::string error_of(const std::string& text, const std::string& path = "t.toml") {
  try {
    load_scenario_from_string(text, path);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a minimal scenario loads with documented defaults", "[loader]") {
  Scenario sc = load_scenario_from_string(kBase, "dir/t.toml");
  CHECK(sc.spec.id == "t");
  CHECK(sc.path == "dir/t.toml");
  CHECK(sc.title.en == "T");
  CHECK(sc.topics == std::vector<std::string>{"HS-01"});
  CHECK(sc.spec.profile == "classic");
  CHECK(sc.spec.seed == 1);
  CHECK(sc.spec.latency == 10 * kMicrosPerMs);
  REQUIRE(sc.spec.hosts.size() == 2);
  CHECK(addr_to_string(sc.spec.hosts[0].addr) == "10.0.0.1");
  CHECK(addr_to_string(sc.spec.hosts[1].addr) == "10.0.0.2");
  REQUIRE(sc.spec.programs.size() == 2);
  const ProgramSpec& client = sc.spec.programs[1];
  CHECK(client.name == "client");  // defaults to the host name
  CHECK(client.host == "client");
  REQUIRE(client.steps.size() == 2);
  CHECK(client.steps[0].call == AppCall::connect);
  CHECK(client.steps[0].peer == "server");
  CHECK(client.steps[0].port == 80);
  CHECK(client.steps[0].line == 14);
  CHECK(client.steps[1].call == AppCall::close);
  const StepSpec& listen = sc.spec.programs[0].steps[0];
  CHECK(listen.call == AppCall::listen);
  CHECK(listen.port == 80);
  CHECK(listen.backlog == 128);
  CHECK(sc.narration.empty());
}

TEST_CASE("close with linger = 0 becomes abort", "[loader]") {
  Scenario sc = load_scenario_from_string(
      with(kBase, R"({ call = "close" })", R"({ call = "close", linger = 0 })"), "t.toml");
  CHECK(sc.spec.programs[1].steps[1].call == AppCall::abort);
  CHECK(error_of(with(kBase, R"({ call = "close" })", R"({ call = "close", linger = 5 })")) ==
        "t.toml:14: program[1].steps[1].linger: only linger = 0 (abort with RST) is supported");
}

TEST_CASE("every optional section is read into the spec", "[loader]") {
  std::string text = with(kBase, "[[host]]\nname = \"server\"\n",
                          "[[host]]\nname = \"server\"\naddr = \"192.0.2.7\"\n"
                          "sysctl = { tcp_syncookies = 0, \"net.core.somaxconn\" = 16 }\n"
                          "[[host]]\nname = \"attacker\"\n");
  text = with(text, "topics = [\"HS-01\"]\n",
              "topics = [\"HS-01\", \"AT-01\"]\nprofile = \"linux-6.18\"\nseed = 7\n"
              "stop_at_ms = 2500\nisn = \"fixed\"\nfixed_isn = 1000\n"
              "[sysctl]\ntcp_syn_retries = 3\nnet.ipv4.tcp_fin_timeout = 30\n"
              "[network]\nlatency_ms = 2.5\n"
              "link = [{ from = \"client\", to = \"server\", latency_ms = 40 }]\n"
              "[[network.rule]]\naction = \"delay\"\nfrom = \"server\"\nflags = \"ack,syn\"\n"
              "nth = 2\npayload = false\nafter_ms = 100\ndelay_ms = 300\n"
              "[[attacker.syn_flood]]\nhost = \"attacker\"\ntarget = \"server:80\"\n"
              "rate_per_s = 50\ncount = 20\nstart_ms = 10\nspoof = \"203.0.113.0/28\"\n"
              "[[attacker.inject]]\nhost = \"attacker\"\nat_ms = 5\n"
              "src = \"10.0.0.1:40000\"\ndst = \"server:80\"\nflags = \"RST\"\nseq = 12345\n"
              "[[narration]]\nat = { type = \"send\", host = \"client\", flags = \"SYN\" }\n"
              "en = \"hello\"\nzh = \"你好\"\n"
              "[[narration]]\nat = { to = \"syn_received\", nth = 2 }\nen = \"a\"\nzh = \"b\"\n"
              "[[narration]]\nat = { call = \"connect\", result = \"econnrefused\" }\n"
              "en = \"c\"\nzh = \"d\"\n");
  Scenario sc = load_scenario_from_string(text, "t.toml");
  const ScenarioSpec& s = sc.spec;
  CHECK(sc.topics == std::vector<std::string>{"HS-01", "AT-01"});
  CHECK(s.profile == "linux-6.18");
  CHECK(s.seed == 7);
  CHECK(s.stop_at == 2500 * kMicrosPerMs);
  CHECK(s.isn == IsnMode::fixed);
  CHECK(s.fixed_isn == 1000);
  // Names are stored without the net.ipv4. prefix; unquoted dotted keys are accepted.
  CHECK(s.sysctls == SysctlOverrides{{Knob::tcp_syn_retries, 3}, {Knob::tcp_fin_timeout, 30}});
  REQUIRE(s.hosts.size() == 3);
  CHECK(addr_to_string(s.hosts[1].addr) == "192.0.2.7");
  CHECK(addr_to_string(s.hosts[2].addr) == "10.0.0.3");  // third host
  CHECK(s.hosts[1].sysctls == SysctlOverrides{{Knob::tcp_syncookies, 0}, {Knob::somaxconn, 16}});
  CHECK(s.latency == 2500);
  REQUIRE(s.links.size() == 1);
  CHECK(s.links[0].latency == 40 * kMicrosPerMs);
  REQUIRE(s.rules.size() == 1);
  const RuleSpec& rule = s.rules[0];
  CHECK(rule.action == RuleAction::delay);
  CHECK(rule.match.from == "server");
  CHECK(rule.match.flags == std::optional<std::uint8_t>(kSyn | kAck));
  CHECK(rule.match.nth == 2);
  CHECK(rule.match.has_payload == std::optional<bool>(false));
  CHECK(rule.match.after == 100 * kMicrosPerMs);
  CHECK(rule.match.before == kNever);
  CHECK(rule.delay == 300 * kMicrosPerMs);
  REQUIRE(s.floods.size() == 1);
  CHECK(s.floods[0].target == "server");
  CHECK(s.floods[0].port == 80);
  CHECK(s.floods[0].rate_per_s == 50);
  CHECK(s.floods[0].count == 20);
  CHECK(s.floods[0].start == 10 * kMicrosPerMs);
  CHECK(addr_to_string(s.floods[0].spoof_base) == "203.0.113.0");
  CHECK(s.floods[0].spoof_count == 16);
  REQUIRE(s.injects.size() == 1);
  CHECK(sockaddr_to_string(s.injects[0].src) == "10.0.0.1:40000");
  CHECK(sockaddr_to_string(s.injects[0].dst) == "192.0.2.7:80");  // host name resolved
  CHECK(s.injects[0].flags == kRst);
  CHECK(s.injects[0].seq == 12345);
  REQUIRE(sc.narration.size() == 3);
  CHECK(sc.narration[0].at.type == std::optional<EventType>(EventType::send));
  CHECK(sc.narration[0].at.host == "client");
  CHECK(sc.narration[0].at.flags == std::optional<std::uint8_t>(kSyn));
  CHECK(sc.narration[0].at.nth == 1);
  CHECK(sc.narration[0].text.zh == "你好");
  CHECK(sc.narration[1].at.to == std::optional<TcpState>(TcpState::SYN_RECEIVED));
  CHECK(sc.narration[1].at.nth == 2);
  CHECK(sc.narration[2].at.call == std::optional<AppCall>(AppCall::connect));
  CHECK(sc.narration[2].at.result == std::optional<AppResult>(AppResult::econnrefused));
}

TEST_CASE("unknown keys are errors at their own line", "[loader]") {
  CHECK(error_of(with(kBase, "topics = [\"HS-01\"]\n", "topics = [\"HS-01\"]\ncolour = 1\n")) ==
        "t.toml:5: colour: unknown key \"colour\"; valid: id, title, summary, topics, profile, "
        "seed, stop_at_ms, isn, fixed_isn, handshake, time_wait_ms, sysctl, network, host, "
        "program, attacker, narration");
  // Appended after [[program]], the key belongs to the second program.
  CHECK(error_of(kBase + "colour = 1\n") ==
        "t.toml:15: program[1].colour: unknown key \"colour\"; valid: host, name, start_ms, steps");
  CHECK(error_of(with(kBase, R"({ call = "accept" })", R"({ call = "accept", port = 80 })")) ==
        "t.toml:11: program[0].steps[1].port: unknown key \"port\" for call \"accept\"; valid: "
        "call, repeat");
  CHECK(error_of(with(kBase, "title = { en = \"T\",", "title = { fr = \"T\", en = \"T\",")) ==
        "t.toml:2: title.fr: unknown key \"fr\"; valid: en, zh");
}

TEST_CASE("wrong types and missing keys name the field", "[loader]") {
  CHECK(error_of(kBase + "start_ms = \"soon\"\n") ==
        "t.toml:15: program[1].start_ms: expected number, got string");
  CHECK(error_of(with(kBase, "port = 80", "port = \"80\"")) ==
        "t.toml:11: program[0].steps[0].port: expected integer, got string");
  CHECK(error_of(with(kBase, "port = 80", "port = 70000")) ==
        "t.toml:11: program[0].steps[0].port: 70000 is out of range 1..65535");
  CHECK(error_of(with(kBase, "topics = [\"HS-01\"]", "topics = \"HS-01\"")) ==
        "t.toml:4: topics: expected array, got string");
  // A missing key is reported at the table that should hold it.
  CHECK(error_of(with(kBase, "host = \"client\"\n", "")) ==
        "t.toml:12: program[1].host: required key is missing");
  CHECK(error_of(with(kBase, R"({ call = "listen", port = 80 })", R"({ call = "listen" })")) ==
        "t.toml:11: program[0].steps[0].port: required key is missing");
}

TEST_CASE("an unknown call lists the valid ones", "[loader]") {
  CHECK(error_of(with(kBase, R"({ call = "close" })", R"({ call = "conect" })"),
                 "content/scenarios/t.toml") ==
        "content/scenarios/t.toml:14: program[1].steps[1].call: unknown call \"conect\"; valid: "
        "listen, accept, connect, send, recv, shutdown, close, keepalive, setsockopt, sleep, "
        "crash_process, crash_host, reboot_host");
  // abort is what close with linger = 0 becomes, not a call a file may name.
  CHECK(error_of(with(kBase, R"({ call = "close" })", R"({ call = "abort" })"))
            .starts_with("t.toml:14: program[1].steps[1].call: unknown call \"abort\""));
}

TEST_CASE("hosts must exist and be unique", "[loader]") {
  CHECK(error_of(with(kBase, "to = \"server:80\"", "to = \"sever:80\"")) ==
        "t.toml:14: program[1].steps[0].to: unknown host \"sever\" in \"sever:80\"; hosts: "
        "client, server");
  CHECK(error_of(with(kBase, "to = \"server:80\"", "to = \"server\"")) ==
        "t.toml:14: program[1].steps[0].to: expected \"host:port\", got \"server\"");
  CHECK(error_of(with(kBase, "to = \"server:80\"", "to = \"server:0\"")) ==
        "t.toml:14: program[1].steps[0].to: bad port in \"server:0\"; expected 1..65535");
  CHECK(error_of(with(kBase, "host = \"client\"", "host = \"laptop\"")) ==
        "t.toml:13: program[1].host: unknown host \"laptop\"; hosts: client, server");
  CHECK(error_of(with(kBase, "name = \"server\"", "name = \"client\"")) ==
        "t.toml:8: host[1].name: host \"client\" is declared twice");
  CHECK(error_of(with(kBase, "host = \"client\"", "host = \"server\"")) ==
        "t.toml:13: program[1].host: program name \"server\" is used twice; give one a `name`");
  CHECK(error_of(with(kBase, "name = \"server\"", "name = \"server\"\naddr = \"10.0.0.1\"")) ==
        "t.toml:9: host[1].addr: address 10.0.0.1 is already used by host \"client\"");
  CHECK(error_of(with(kBase, "name = \"server\"", "name = \"server\"\naddr = \"10.0.0.300\"")) ==
        "t.toml:9: host[1].addr: bad IPv4 address \"10.0.0.300\"");
}

TEST_CASE("sysctl names must exist and values be integers in range", "[loader]") {
  auto with_sysctl = [](const std::string& line) {
    return with(kBase, "[[host]]\nname = \"client\"\n",
                "[sysctl]\n" + line +
                    "\n[[host]]\n"
                    "name = \"client\"\n");
  };
  CHECK(error_of(with_sysctl("tcp_syn_retires = 3"))
            .starts_with("t.toml:6: sysctl.tcp_syn_retires: unknown sysctl \"tcp_syn_retires\"; "
                         "valid: tcp_syn_retries, tcp_synack_retries,"));
  CHECK(error_of(with_sysctl("tcp_syn_retries = \"3\"")) ==
        "t.toml:6: sysctl.tcp_syn_retries: expected integer, got string");
  CHECK(error_of(with_sysctl("tcp_syncookies = 3")) ==
        "t.toml:6: sysctl.tcp_syncookies: tcp_syncookies: 3 is out of range; valid: 0..2");
  CHECK(error_of(with_sysctl("net.ipv4.tcp_syn_retries = 2.5")) ==
        "t.toml:6: sysctl.net.ipv4.tcp_syn_retries: expected integer, got float");
  CHECK(error_of(with_sysctl("tcp_syn_retries = 3\n\"net.ipv4.tcp_syn_retries\" = 4")) ==
        "t.toml:7: sysctl.net.ipv4.tcp_syn_retries: sysctl \"tcp_syn_retries\" is set twice");
  // somaxconn lives under net.core, not net.ipv4.
  CHECK(error_of(with_sysctl("\"net.ipv4.somaxconn\" = 64"))
            .starts_with("t.toml:6: sysctl.net.ipv4.somaxconn: unknown sysctl"));
  // ip_local_port_range is two numbers in a string, as /proc/sys/net/ipv4 shows it.
  CHECK(error_of(with_sysctl("ip_local_port_range = 32768")) ==
        "t.toml:6: sysctl.ip_local_port_range: expected a string like \"32768 60999\", got "
        "integer");
  CHECK(error_of(with_sysctl("ip_local_port_range = \"40000 30000\"")) ==
        "t.toml:6: sysctl.ip_local_port_range: ip_local_port_range: '40000 30000' is out of "
        "range; valid: 2 numbers from 1 to 65535, each at least the one before");
  CHECK(error_of(with_sysctl("tcp_rmem = 4096")) ==
        "t.toml:6: sysctl.tcp_rmem: expected a string like \"4096 131072 33554432\", got "
        "integer");
}

TEST_CASE("a pair sysctl is read from a string and checked like /proc/sys would", "[loader]") {
  const std::string text = with(kBase, "[[host]]\nname = \"client\"\n",
                                "[sysctl]\nip_local_port_range = \"32768 32771\"\n"
                                "[[host]]\nname = \"client\"\n");
  CHECK(load_scenario_from_string(text, "t.toml").spec.sysctls ==
        SysctlOverrides{{Knob::ip_local_port_range, KnobValue{32768, 32771}}});
}

TEST_CASE("parse_sysctl reads a port range in the forms people type", "[sysctl]") {
  Sysctls s = *Sysctls::for_profile("linux-6.18");
  CHECK(format_knob_value(knob_info(Knob::ip_local_port_range),
                          s.value(Knob::ip_local_port_range)) == "32768 60999");
  for (const char* text : {"1024 2047", "1024-2047", "1024,2047", "1024\t 2047"}) {
    CAPTURE(text);
    const SysctlSetting set = parse_sysctl("net.ipv4.ip_local_port_range", text);
    CHECK(set.knob == Knob::ip_local_port_range);
    CHECK(set.value == KnobValue{1024, 2047});
  }
  for (const char* bad : {"1024", "1024 ", "a b", "0 10", "10 70000", "2000 1000", "1 2 3"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_sysctl("ip_local_port_range", bad), SysctlError);
  }
}

TEST_CASE("tcp_rmem and tcp_wmem take three numbers, as /proc/sys shows them", "[sysctl]") {
  const Sysctls s = *Sysctls::for_profile("linux-6.18");
  CHECK(format_knob_value(knob_info(Knob::tcp_rmem), s.value(Knob::tcp_rmem)) ==
        "4096 131072 33554432");  // cat /proc/sys/net/ipv4/tcp_rmem on Linux 6.18
  CHECK(format_knob_value(knob_info(Knob::tcp_wmem), s.value(Knob::tcp_wmem)) ==
        "4096 16384 4194304");
  CHECK(parse_sysctl("net.ipv4.tcp_rmem", "4096\t87380\t6291456") ==
        SysctlSetting{Knob::tcp_rmem, KnobValue{4096, 87380, 6291456}});
  CHECK(parse_sysctl_arg("tcp_wmem=4096,8192,8192") ==
        SysctlSetting{Knob::tcp_wmem, KnobValue{4096, 8192, 8192}});
  for (const char* bad :
       {"4096 131072", "4096 131072 6291456 1", "0 1 2", "4096 8192 4096", "a b c"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_sysctl("tcp_rmem", bad), SysctlError);
  }
  // A scenario file gives the numbers as /proc/sys does, in one string.
  const std::string text = with(kBase, "[[host]]\nname = \"client\"\n",
                                "[sysctl]\ntcp_rmem = \"4096 65536 131072\"\n"
                                "[[host]]\nname = \"client\"\n");
  CHECK(load_scenario_from_string(text, "t.toml").spec.sysctls ==
        SysctlOverrides{{Knob::tcp_rmem, KnobValue{4096, 65536, 131072}}});
}

TEST_CASE("one error type for a sysctl, whichever way it comes in", "[sysctl]") {
  CHECK(parse_sysctl_arg("net.core.somaxconn=16") == SysctlSetting{Knob::somaxconn, 16});
  CHECK(checked_sysctl(Knob::tcp_syn_retries, 3) == SysctlSetting{Knob::tcp_syn_retries, 3});
  try {
    parse_sysctl("tcp_syn_retriez", "3");
    FAIL("no error");
  } catch (const SysctlError& e) {
    CHECK(e.unknown_name());
    CHECK(e.name() == "tcp_syn_retriez");
  }
  try {
    checked_sysctl(Knob::tcp_syn_retries, 500);
    FAIL("no error");
  } catch (const SysctlError& e) {
    CHECK_FALSE(e.unknown_name());
    CHECK_THAT(e.what(), Catch::Contains("1..127"));
  }
  CHECK_THROWS_AS(parse_sysctl_arg("tcp_syn_retries"), SysctlError);
  CHECK_THROWS_AS(parse_sysctl_arg("tcp_syn_retries=two"), SysctlError);
  CHECK(format_setting({Knob::ip_local_port_range, KnobValue{1024, 2047}}) ==
        "ip_local_port_range=1024 2047");
}

TEST_CASE("flags must be known names or *", "[loader]") {
  std::string rule = kBase + "[[network.rule]]\naction = \"drop\"\nfrom = \"client\"\n";
  CHECK(error_of(rule + "flags = \"SYN,AKC\"\n") ==
        "t.toml:18: network.rule[0].flags: bad flags \"SYN,AKC\"; use comma-separated SYN, ACK, "
        "FIN, RST, PSH, URG or \"*\"");
  CHECK(error_of(rule + "flags = \"\"\n").starts_with("t.toml:18: network.rule[0].flags: bad"));
  Scenario any = load_scenario_from_string(rule + "flags = \"*\"\n", "t.toml");
  CHECK_FALSE(any.spec.rules[0].match.flags.has_value());
  CHECK(error_of(rule + "flags = \"*\"\ndelay_ms = 5\n") ==
        "t.toml:19: network.rule[0].delay_ms: only applies to action \"delay\" or \"duplicate\"");
  // In a narration anchor "*" means nothing: leave the key out instead.
  std::string narration = kBase + "[[narration]]\nen = \"e\"\nzh = \"z\"\n";
  CHECK(error_of(narration + "at = { flags = \"*\" }\n") ==
        "t.toml:18: narration[0].at.flags: bad flags \"*\"; use comma-separated SYN, ACK, FIN, "
        "RST, PSH, URG");
}

TEST_CASE("narration anchors use the engine's names and consistent fields", "[loader]") {
  std::string n = kBase + "[[narration]]\nen = \"e\"\nzh = \"z\"\n";
  CHECK(error_of(n + "at = { type = \"packet\" }\n") ==
        "t.toml:18: narration[0].at.type: unknown type \"packet\"; valid: send, recv, drop, "
        "state, app, timer, queue, window");
  CHECK(error_of(n + "at = { to = \"SYN_RCVD\" }\n")
            .starts_with("t.toml:18: narration[0].at.to: unknown to \"SYN_RCVD\"; valid: CLOSED, "
                         "LISTEN, SYN_SENT, SYN_RECEIVED,"));
  CHECK(error_of(n + "at = { type = \"send\", to = \"LISTEN\" }\n") ==
        "t.toml:18: narration[0].at.to: does not apply to type \"send\"");
  CHECK(error_of(n + "at = { call = \"connect\", timer = \"time_wait\" }\n") ==
        "t.toml:18: narration[0].at.timer: cannot be combined with \"call\"");
  CHECK(error_of(n + "at = { host = \"router\" }\n") ==
        "t.toml:18: narration[0].at.host: unknown host \"router\"; hosts: client, server");
  CHECK(error_of(n + "at = { nth = 0 }\n") ==
        "t.toml:18: narration[0].at.nth: 0 is out of range 1..1073741824");
  CHECK(error_of(kBase + "[[narration]]\nat = {}\nen = \"e\"\n") ==
        "t.toml:15: narration[0].zh: required key is missing");
}

TEST_CASE("the id must match the file name and the topics their form", "[loader]") {
  CHECK(error_of(kBase, "content/scenarios/handshake.toml") ==
        "content/scenarios/handshake.toml:1: id: id \"t\" does not match the file name "
        "\"handshake.toml\"");
  CHECK(error_of(kBase, "not-a-file") == "");  // no .toml: nothing to compare with
  CHECK(error_of(with(kBase, "id = \"t\"", "id = \"T_1\""), "T_1.toml") ==
        "T_1.toml:1: id: bad id \"T_1\"; use lowercase letters, digits and '-'");
  CHECK(error_of(with(kBase, "[\"HS-01\"]", "[\"HS-1\"]")) ==
        "t.toml:4: topics[0]: bad topic id \"HS-1\"; expected \"XX-NN\"");
  CHECK(error_of(with(kBase, "[\"HS-01\"]", "[]")) ==
        "t.toml:4: topics: list at least one topic id (\"HS-01\")");
  std::set<std::string> known = {"HS-01"};
  LoadOptions options;
  options.known_topics = &known;
  CHECK_NOTHROW(load_scenario_from_string(kBase, "t.toml", options));
  CHECK_THROWS_WITH(load_scenario_from_string(with(kBase, "[\"HS-01\"]", "[\"HS-01\", \"ZZ-99\"]"),
                                              "t.toml", options),
                    "t.toml:4: topics[1]: unknown topic id \"ZZ-99\"");
}

TEST_CASE("TOML syntax errors carry the file and line", "[loader]") {
  ScenarioError error("", 0, "", "");
  try {
    load_scenario_from_string(with(kBase, "name = \"server\"", "name = \"server"), "bad.toml");
    FAIL("no error");
  } catch (const ScenarioError& e) {
    error = e;
  }
  CHECK(error.file() == "bad.toml");
  CHECK(error.line() == 8);
  CHECK(error.field() == "");
  CHECK(std::string(error.what()).starts_with("bad.toml:8: TOML syntax error: "));
}

TEST_CASE("a spoof range must be a network address", "[loader]") {
  std::string flood = with(kBase, "[[host]]\nname = \"client\"\n",
                           "[[host]]\nname = \"client\"\n[[host]]\nname = \"attacker\"\n") +
                      "[[attacker.syn_flood]]\nhost = \"attacker\"\ntarget = \"server:80\"\n";
  Scenario sc = load_scenario_from_string(flood, "t.toml");
  // Default: TEST-NET-2, which no host owns.
  CHECK(addr_to_string(sc.spec.floods[0].spoof_base) == "198.51.100.0");
  CHECK(sc.spec.floods[0].spoof_count == 256);
  CHECK(error_of(flood + "spoof = \"198.51.100.7/24\"\n") ==
        "t.toml:20: attacker.syn_flood[0].spoof: \"198.51.100.7/24\" has host bits set; the "
        "network is 198.51.100.0/24");
  CHECK(error_of(flood + "spoof = \"198.51.100.0\"\n") ==
        "t.toml:20: attacker.syn_flood[0].spoof: expected CIDR like \"198.51.100.0/24\", got "
        "\"198.51.100.0\"");
}

TEST_CASE("load_scenario reads a file and reports a missing one", "[loader]") {
  Scenario sc = load_scenario(SYNACK_TEST_DATA "/catalog/scenarios/alpha.toml");
  CHECK(sc.spec.id == "alpha");
  CHECK_THROWS_WITH(load_scenario(SYNACK_TEST_DATA "/nope.toml"),
                    SYNACK_TEST_DATA "/nope.toml: cannot open file");
}

TEST_CASE("repeat expands a step or a group of steps in order", "[loader]") {
  const Scenario sc = load_scenario_from_string(with(kBase, R"({ call = "close" })",
                                                     R"({ call = "recv", bytes = 100, repeat = 3 },
  { repeat = 2, steps = [{ call = "sleep", ms = 5 }, { call = "recv", bytes = 7 }] },
  { call = "close" })"),
                                                "t.toml");
  const std::vector<StepSpec>& steps = sc.spec.programs[1].steps;
  std::vector<std::pair<AppCall, std::int64_t>> got;
  for (const StepSpec& s : steps) got.emplace_back(s.call, s.call == AppCall::sleep ? 5 : s.bytes);
  // connect first, then 3 reads, then the pair twice, then close.
  REQUIRE(got.size() == 1 + 3 + 4 + 1);
  CHECK(got[1] == std::pair<AppCall, std::int64_t>{AppCall::recv, 100});
  CHECK(got[3] == std::pair<AppCall, std::int64_t>{AppCall::recv, 100});
  CHECK(got[4].first == AppCall::sleep);
  CHECK(got[5] == std::pair<AppCall, std::int64_t>{AppCall::recv, 7});
  CHECK(got[6].first == AppCall::sleep);
  CHECK(got[8].first == AppCall::close);
  CHECK(error_of(with(kBase, R"({ call = "close" })", R"({ call = "close", repeat = 0 })")) ==
        "t.toml:14: program[1].steps[1].repeat: 0 is out of range 1..100000");
  CHECK(error_of(with(kBase, R"({ call = "close" })", R"({ repeat = 2, steps = [], port = 1 })"))
            .find("unknown key \"port\" for a group of steps") != std::string::npos);
}

TEST_CASE("setsockopt takes TCP_NODELAY, SO_RCVBUF and SO_SNDBUF", "[loader]") {
  const Scenario sc =
      load_scenario_from_string(with(kBase, R"({ call = "close" })",
                                     R"({ call = "setsockopt", nodelay = true, rcvbuf = 4096 })"),
                                "t.toml");
  const StepSpec& s = sc.spec.programs[1].steps[1];
  CHECK(s.call == AppCall::setsockopt);
  CHECK(s.nodelay == 1);
  CHECK(s.rcvbuf == 4096);
  CHECK(s.sndbuf == 0);
  CHECK(error_of(with(kBase, R"({ call = "close" })", R"({ call = "setsockopt" })")) ==
        "t.toml:14: program[1].steps[1].call: setsockopt needs nodelay, rcvbuf or sndbuf");
}

TEST_CASE("a narration anchor may name the event's reason", "[loader]") {
  const Scenario sc =
      load_scenario_from_string(kBase +
                                    "[[narration]]\nat = { type = \"window\", why = "
                                    "\"recovery_enter\" }\nen = \"a\"\nzh = \"b\"\n",
                                "t.toml");
  REQUIRE(sc.narration.size() == 1);
  CHECK(sc.narration[0].at.why == std::optional<Why>(Why::recovery_enter));
  CHECK(error_of(kBase + "[[narration]]\nat = { why = \"nope\" }\nen = \"a\"\nzh = \"b\"\n")
            .find("unknown why \"nope\"") != std::string::npos);
}

TEST_CASE("rules match ports, sequence ranges and nth ranges; injects may be relative",
          "[loader]") {
  const std::string text =
      kBase +
      "[[host]]\nname = \"attacker\"\n"
      "[[network.rule]]\naction = \"drop\"\nfrom = \"client\"\nsrc_port = 40000\n"
      "dst_port = 80\nseq = [1449, 4344]\nnth = [2, 3]\n"
      "[[network.rule]]\naction = \"drop\"\nfrom = \"client\"\nseq = 1\n"
      "[[attacker.inject]]\nhost = \"attacker\"\nsrc = \"10.0.0.1:40000\"\n"
      "dst = \"server:80\"\nflags = \"RST\"\nseq = 100\nrelative = true\n";
  const Scenario sc = load_scenario_from_string(text, "t.toml");
  REQUIRE(sc.spec.rules.size() == 2);
  const SegmentMatch& m = sc.spec.rules[0].match;
  CHECK(m.src_port == std::optional<std::uint16_t>(40000));
  CHECK(m.dst_port == std::optional<std::uint16_t>(80));
  CHECK(m.match_seq);
  CHECK(m.seq_first == 1449);
  CHECK(m.seq_last == 4344);
  CHECK(m.nth == 2);
  CHECK(m.nth_last == 3);
  const SegmentMatch& one = sc.spec.rules[1].match;
  CHECK(one.match_seq);
  CHECK(one.seq_first == 1);
  CHECK(one.seq_last == 1);
  CHECK(one.nth == 0);
  REQUIRE(sc.spec.injects.size() == 1);
  CHECK(sc.spec.injects[0].relative);
  CHECK(sc.spec.injects[0].seq == 100);

  const std::string rule = kBase + "[[network.rule]]\naction = \"drop\"\nfrom = \"client\"\n";
  CHECK(error_of(rule + "seq = [10, 5]\n") ==
        "t.toml:18: network.rule[0].seq: expected an integer or [FIRST, LAST] with 0 <= FIRST "
        "<= LAST <= 4294967295");
  CHECK(error_of(rule + "src_port = 0\n") ==
        "t.toml:18: network.rule[0].src_port: 0 is out of range 1..65535");
}
