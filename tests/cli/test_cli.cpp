// End-to-end: the real `synack` binary, run through a shell, checked by exit code and
// output. The scenarios come from the source tree's content/.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/base/text_width.hpp"
#include "tests/support/cli_run.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

using Result = synack::test::CliResult;
using synack::test::run_synack;
using synack::test::slurp;

fs::path scratch_dir() {
  return synack::test::cli_scratch_dir();
}

Json run_json(const std::string& args) {
  Result r = run_synack("run " + args + " --format json");
  INFO(r.err);
  REQUIRE(r.code == 0);
  return Json::parse(r.out);
}

std::vector<double> client_syn_times(const Json& trace) {
  std::vector<double> out;
  for (const auto& e : trace["events"]) {
    if (e["type"] == "send" && e["host"] == "client" && e["flags"] == "SYN") {
      out.push_back(e["t_ms"].get<double>());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("cli: list shows every shipped scenario with its topics") {
  Result r = run_synack("list");
  INFO(r.err);
  CHECK(r.code == 0);
  for (std::string id : {"handshake", "lifecycle", "closed-port", "linger-abort",
                         "simultaneous-open", "simultaneous-close", "syn-flood"}) {
    CHECK_THAT(r.out, Catch::Contains(id));
  }
  CHECK_THAT(r.out, Catch::Contains("The three-way handshake"));
  CHECK_THAT(r.out, Catch::Contains("HS-01"));

  Result j = run_synack("list --json");
  REQUIRE(j.code == 0);
  Json list = Json::parse(j.out);
  REQUIRE(list.is_array());
  REQUIRE(list.size() >= 7);
  for (const auto& item : list) {
    CHECK(item["id"].is_string());
    CHECK(item["title"]["en"].is_string());
    CHECK(item["title"]["zh"].is_string());
    CHECK(item["topics"].is_array());
  }
}

TEST_CASE("cli: run handshake as JSON has the documented fields") {
  Json t = run_json("handshake");
  CHECK(t["scenario"] == "handshake");
  CHECK(t["seed"].is_number_unsigned());
  CHECK(t["profile"] == "classic");
  CHECK(t["sysctls"]["tcp_syn_retries"] == 5);  // classic profile
  REQUIRE(t["hosts"].size() == 2);
  CHECK(t["hosts"][0]["name"] == "client");
  CHECK(t["hosts"][0]["addr"] == "10.0.0.1");
  REQUIRE(t["events"].is_array());
  REQUIRE(!t["events"].empty());

  const std::set<std::string> types = {"send", "recv",  "drop",  "state",
                                       "app",  "timer", "queue", "window"};
  double previous = 0;
  for (const auto& e : t["events"]) {
    INFO(e.dump());
    REQUIRE(e["t_ms"].is_number());
    CHECK(e["t_ms"].get<double>() >= previous);  // time order
    previous = e["t_ms"].get<double>();
    CHECK(types.contains(e["type"].get<std::string>()));
    CHECK(e["host"].is_string());
    CHECK(e["reason"].is_string());
    CHECK(e["reason_code"].is_string());
    if (e["type"] == "send" || e["type"] == "recv" || e["type"] == "drop") {
      for (auto key : {"src", "dst", "flags", "options"}) CHECK(e[key].is_string());
      for (auto key : {"seq", "ack", "seq_raw", "ack_raw", "len", "win", "segment"}) {
        CHECK(e[key].is_number_unsigned());
      }
    }
  }

  // The handshake itself, in Wireshark's relative numbers: SYN seq=0, SYN,ACK seq=0 ack=1
  // (a SYN takes one sequence number), ACK seq=1 ack=1.
  std::vector<Json> sends;
  for (const auto& e : t["events"]) {
    if (e["type"] == "send") sends.push_back(e);
  }
  REQUIRE(sends.size() >= 3);
  CHECK(sends[0]["host"] == "client");
  CHECK(sends[0]["flags"] == "SYN");
  CHECK(sends[0]["seq"] == 0);
  CHECK(sends[0]["dst"] == "10.0.0.2:80");
  CHECK(sends[1]["host"] == "server");
  CHECK(sends[1]["flags"] == "SYN,ACK");
  CHECK(sends[1]["seq"] == 0);
  CHECK(sends[1]["ack"] == 1);
  CHECK(sends[1]["ack_raw"] == sends[0]["seq_raw"].get<std::uint32_t>() + 1);
  CHECK(sends[2]["flags"] == "ACK");
  CHECK(sends[2]["seq"] == 1);
  CHECK(sends[2]["ack"] == 1);
  CHECK(sends[1]["t_ms"].get<double>() - sends[0]["t_ms"].get<double>() ==
        Approx(10.0));  // one way, default latency
}

TEST_CASE("cli: run handshake as text and with no subcommand") {
  Result r = run_synack("run handshake");
  INFO(r.err);
  CHECK(r.code == 0);
  Result zh = run_synack("run handshake --lang zh");
  CHECK(zh.code == 0);
  CHECK_THAT(zh.out, Catch::Contains("三次握手") || Catch::Contains("客户端"));
  CHECK_THAT(r.out, Catch::Contains("SYN,ACK seq=0 ack=1 len=0"));
  CHECK_THAT(r.out, Catch::Contains("[ESTABLISHED]"));
  for (const std::string* text : {&r.out, &zh.out}) {
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);) {
      INFO(line);
      CHECK(synack::display_width(line) <= 100);  // columns: CJK counts two
    }
  }

  Result bare = run_synack("");
  CHECK(bare.code == 0);
  CHECK(bare.out == r.out);

  Result mermaid = run_synack("run handshake --format mermaid");
  CHECK(mermaid.code == 0);
  CHECK_THAT(mermaid.out, Catch::StartsWith("sequenceDiagram\n"));
}

TEST_CASE("cli: run --format svg draws the window's picture without a window") {
  // One arrow per segment sent, a lost one dashed with its cross, the title in the language
  // asked for: the same picture the window exports, with no display.
  Result r = run_synack("run syn-lost --format svg");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("<?xml"));
  CHECK_THAT(r.out, Catch::EndsWith("</svg>\n"));
  Result json = run_synack("run syn-lost --format json");
  const auto trace = nlohmann::json::parse(json.out);
  int sends = 0, drops = 0;
  for (const auto& e : trace["events"]) {
    sends += e["type"] == "send";
    drops += e["type"] == "drop";
  }
  auto count = [&](const std::string& needle) {
    int n = 0;
    for (std::size_t at = r.out.find(needle); at != std::string::npos;
         at = r.out.find(needle, at + 1))
      ++n;
    return n;
  };
  CHECK(count("<line class=\"arrow") == sends);
  CHECK(count("<line class=\"arrow lost\"") == drops);
  CHECK(drops > 0);
  Result zh = run_synack("run handshake --format svg --lang zh");
  CHECK_THAT(zh.out, Catch::Contains("<title>三次握手"));
}

TEST_CASE("cli: unknown scenario exits 2 and suggests the closest id") {
  Result r = run_synack("run handshak");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("unknown scenario 'handshak'; did you mean: handshake?"));
}

TEST_CASE("cli: a broken scenario file exits 2 with FILE:LINE: FIELD") {
  fs::path file = scratch_dir() / "bad.toml";
  std::ofstream(file) << R"(id = "bad"
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
steps = [{ call = "conect", to = "server:80" }]
)";
  Result r = run_synack("run '" + file.string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains(file.string() + ":14: program[1].steps[0].call"));
}

TEST_CASE("cli: usage errors exit 2") {
  CHECK(run_synack("run handshake --format xml").code == 2);
  CHECK(run_synack("run handshake --lang fr").code == 2);
  CHECK(run_synack("frobnicate").code == 2);
  Result profile = run_synack("run handshake --profile linux-5");
  CHECK(profile.code == 2);
  CHECK_THAT(profile.err, Catch::Contains("classic, linux-6.18"));
  Result seed = run_synack("run handshake --seed minus-one");
  CHECK(seed.code == 2);
  CHECK(run_synack("--help").code == 0);
}

TEST_CASE("cli: --set checks names and ranges against the knob table") {
  Result bad = run_synack("run handshake --set tcp_syn_retriez=3");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("tcp_syn_retriez"));
  CHECK_THAT(bad.err, Catch::Contains("did you mean tcp_syn_retries"));
  for (std::string name : {"tcp_synack_retries", "tcp_fin_timeout", "somaxconn", "tcp_tw_reuse"}) {
    CHECK_THAT(bad.err, Catch::Contains(name));  // the list of valid names
  }
  CHECK_THAT(bad.err, Catch::Contains("1..127"));

  Result range = run_synack("run handshake --set tcp_syn_retries=500");
  CHECK(range.code == 2);
  CHECK_THAT(range.err, Catch::Contains("1..127"));
  CHECK(run_synack("run handshake --set tcp_syn_retries").code == 2);
  CHECK(run_synack("run handshake --set tcp_syn_retries=two").code == 2);

  Json t = run_json("handshake --set net.ipv4.tcp_syn_retries=2 --set net.core.somaxconn=16");
  CHECK(t["sysctls"]["tcp_syn_retries"] == 2);
  CHECK(t["sysctls"]["somaxconn"] == 16);
}

TEST_CASE("cli: --drop client:SYN retransmits at 1, 3, 7, 15, 31 s and times out at 63 s") {
  // Classic: tcp_syn_retries=5, initial RTO 1 s doubling each time (RFC 6298 §5.5).
  Json t = run_json("handshake --profile classic --drop client:SYN");
  auto syns = client_syn_times(t);
  REQUIRE(syns.size() == 6);
  const double first = syns[0];
  CHECK(first == Approx(0.0));  // the client connects at once
  const double expected_s[] = {0, 1, 3, 7, 15, 31};
  for (std::size_t k = 0; k < syns.size(); ++k) {
    INFO(k);
    CHECK(syns[k] - first == Approx(expected_s[k] * 1000.0));
  }
  int dropped = 0;
  for (const auto& e : t["events"]) {
    if (e["type"] == "drop" && e["flags"] == "SYN") ++dropped;
    if (e["type"] == "recv") CHECK(e["host"] != "server");  // nothing ever arrives
  }
  CHECK(dropped == 6);
  bool timed_out = false;
  for (const auto& e : t["events"]) {
    if (e["type"] == "app" && e["call"] == "connect" && e["result"] == "ETIMEDOUT") {
      timed_out = true;
      CHECK(e["t_ms"].get<double>() - first == Approx(63000.0));
      CHECK(e["host"] == "client");
    }
  }
  CHECK(timed_out);

  Result text = run_synack("run handshake --profile classic --drop client:SYN");
  CHECK(text.code == 0);
  CHECK_THAT(text.out, Catch::Contains("connect() = ETIMEDOUT"));
  CHECK_THAT(text.out, Catch::Contains("~~~ 32.0 s idle ~~~"));
  CHECK_THAT(text.out, Catch::Contains("lost: "));
}

TEST_CASE("cli: lifecycle keeps the client in TIME_WAIT for 60 s, then every socket is CLOSED") {
  // The active closer waits 2MSL; Linux fixes it at TCP_TIMEWAIT_LEN = 60 s (capture 01).
  Json t = run_json("lifecycle --profile classic");
  double entered = -1;
  double left = -1;
  std::map<std::pair<std::string, long>, std::string> last_state;  // (host, conn) -> state
  for (const auto& e : t["events"]) {
    if (e["type"] != "state") continue;
    const std::string to = e["to"];
    if (e["host"] == "client" && to == "TIME_WAIT") entered = e["t_ms"].get<double>();
    if (e["host"] == "client" && e["from"] == "TIME_WAIT" && to == "CLOSED")
      left = e["t_ms"].get<double>();
    last_state[{e["host"].get<std::string>(), e["conn"].get<long>()}] = to;
  }
  REQUIRE(entered >= 0);
  REQUIRE(left >= 0);
  CHECK(left - entered == Approx(60000.0));
  CHECK(t["end_ms"].get<double>() == Approx(left));  // the run lasts until the last socket closes
  for (const auto& [key, state] : last_state) {
    INFO(key.first << " conn " << key.second);
    CHECK(state == "CLOSED");
  }
}

TEST_CASE("cli: --drop with #N drops only the N-th match") {
  // Only the first SYN is lost: the retransmission 1 s later gets through.
  Json t = run_json("handshake --drop client:SYN#1");
  auto syns = client_syn_times(t);
  REQUIRE(syns.size() == 2);
  CHECK(syns[1] - syns[0] == Approx(1000.0));
  bool connected = false;
  for (const auto& e : t["events"]) {
    if (e["type"] == "app" && e["call"] == "connect" && e["result"] == "ok") connected = true;
  }
  CHECK(connected);
}

TEST_CASE("cli: a bad --drop exits 2 and names the hosts") {
  Result host = run_synack("run handshake --drop clinet:SYN");
  CHECK(host.code == 2);
  CHECK_THAT(host.err, Catch::Contains("clinet"));
  CHECK_THAT(host.err, Catch::Contains("client, server"));
  Result flags = run_synack("run handshake --drop client:SYNN");
  CHECK(flags.code == 2);
  CHECK_THAT(flags.err, Catch::Contains("unknown flag 'SYNN'"));
}

TEST_CASE("cli: the same seed gives byte-identical JSON") {
  Result a = run_synack("run handshake --format json --seed 42");
  Result b = run_synack("run handshake --format json --seed 42");
  REQUIRE(a.code == 0);
  CHECK(!a.out.empty());
  CHECK(a.out == b.out);
  CHECK(Json::parse(a.out)["seed"] == 42);
}

TEST_CASE("cli: -o writes the file and nothing else") {
  fs::path dir = scratch_dir() / "out";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path file = dir / "trace.json";
  Result r = run_synack("run handshake --format json -o '" + file.string() + "'");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  REQUIRE(fs::exists(file));
  CHECK(slurp(file) == run_synack("run handshake --format json").out);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);  // no temp left
  Result missing = run_synack("run handshake -o '" + (dir / "no/such/dir/x.txt").string() + "'");
  CHECK(missing.code == 1);
  CHECK_THAT(missing.err, Catch::Contains("cannot write"));
}

TEST_CASE("cli: sysctl lists every knob with both profiles") {
  Result r = run_synack("sysctl");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("classic") && Catch::Contains("linux-6.18"));
  std::istringstream lines(r.out);
  bool seen = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("net.ipv4.tcp_syn_retries ")) {
      seen = true;
      CHECK_THAT(line, Catch::Matches(R"(net\.ipv4\.tcp_syn_retries\s+5\s+6\s+1\.\.127)"));
    }
  }
  CHECK(seen);
  CHECK_THAT(r.out, Catch::Contains("net.core.somaxconn"));
  Result one = run_synack("sysctl --profile linux-6.18");
  CHECK(one.code == 0);
  CHECK(one.out.find("classic") == std::string::npos);
  CHECK(run_synack("sysctl --profile nope").code == 2);
}
