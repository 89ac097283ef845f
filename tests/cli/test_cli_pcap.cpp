// `synack pcap` end to end, through the real binary.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "tests/support/cli_run.hpp"

using Json = nlohmann::json;
using synack::test::run_synack;

namespace {

const std::string kPcaps = SYNACK_TEST_DATA "/pcap/";

}  // namespace

TEST_CASE("cli pcap: JSON in the trace format of synack run") {
  const auto r = run_synack("pcap '" + kPcaps + "01-normal.pcap' --format json");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const Json j = Json::parse(r.out);
  for (const char* key :
       {"scenario", "seed", "profile", "sysctls", "hosts", "end_ms", "truncated", "events"}) {
    CHECK(j.contains(key));
  }
  CHECK(j["truncated"] == false);
  REQUIRE(j["hosts"].size() == 2);
  CHECK(j["hosts"][0]["name"] == "10.200.0.1");
  CHECK(j["hosts"][0]["addr"] == "10.200.0.1");
  int sends = 0;
  std::vector<std::string> client_states;
  for (const auto& e : j["events"]) {
    CHECK(e.contains("t_ms"));
    CHECK(e.contains("reason_code"));
    if (e["type"] == "send") {
      ++sends;
      CHECK(e.contains("flags"));
      CHECK(e.contains("seq"));
      CHECK(e.contains("segment"));
    }
    if (e["type"] == "state" && e["host"] == "10.200.0.1") client_states.push_back(e["to"]);
  }
  CHECK(sends == 10);
  CHECK(client_states == std::vector<std::string>{"SYN_SENT", "ESTABLISHED", "FIN_WAIT_1",
                                                  "FIN_WAIT_2", "TIME_WAIT"});
  // The same trace --segments and in Chinese, as synack run writes them.
  const auto zh =
      run_synack("pcap '" + kPcaps + "01-normal.pcap' --format json --segments --lang zh");
  REQUIRE(zh.code == 0);
  const Json z = Json::parse(zh.out);
  CHECK(z["segments"].size() == 10);
  CHECK(z["events"][0].contains("reason_zh"));
}

TEST_CASE("cli pcap: text lists the conversations and draws them; --stream picks one") {
  const auto r = run_synack("pcap '" + kPcaps + "08-accept-queue-overflow.pcap'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("4 conversations"));
  CHECK_THAT(r.out, Catch::Contains("stream 3: 10.200.0.1:41004 <-> 10.200.0.2:5000"));
  CHECK_THAT(r.out, Catch::Contains("the handshake never completed"));
  CHECK_THAT(r.out, Catch::Contains("[SYN_SENT]"));
  const auto one =
      run_synack("pcap '" + kPcaps + "08-accept-queue-overflow.pcap' --stream 2 --format mermaid");
  REQUIRE(one.code == 0);
  CHECK_THAT(one.out, Catch::StartsWith("sequenceDiagram"));
  CHECK_THAT(one.out, Catch::Contains("-x"));  // its SYNs were all lost
  const auto missing = run_synack("pcap '" + kPcaps + "01-normal.pcap' --stream 5");
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains("no TCP stream 5"));
}

TEST_CASE("cli pcap: a broken file shows what was read, then the error, and fails") {
  std::ifstream in(kPcaps + "01-normal.pcap", std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto path = synack::test::cli_scratch_dir() / "cut.pcap";
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() - 30);
  const auto r = run_synack("pcap '" + path.string() + "'");
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Catch::Contains("stream 0: 10.200.0.1:34692 <-> 10.200.0.2:5000, 9 packets"));
  CHECK_THAT(r.err, Catch::Contains("packet 10"));
  const auto json = run_synack("pcap '" + path.string() + "' --format json");
  CHECK(json.code == 1);
  CHECK(Json::parse(json.out)["truncated"] == true);
  const auto none = run_synack("pcap /nonexistent.pcap");
  CHECK(none.code == 1);
  CHECK_THAT(none.err, Catch::Contains("/nonexistent.pcap"));
}

TEST_CASE("cli pcap: disagreements are listed") {
  const auto r = run_synack("pcap '" + kPcaps + "09-syn-flood-lite.pcap'");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("what the endpoints did that synack's engine would not"));
  CHECK_THAT(r.out, Catch::Contains("no SACK-permitted option"));
  CHECK_THAT(r.out, Catch::Contains("draw one with --stream N"));
}
