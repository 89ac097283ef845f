// What the fuzz target fuzz_scenario does with one input (fuzz/scenario_input.hpp), in the
// normal build: the shipped scenarios reach the engine, a bad file ends in the loader's error,
// and every input the fuzzing found (tests/data/fuzz/scenario/) ends in its clean error.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "fuzz/scenario_input.hpp"

using namespace synack;

namespace {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("fuzz_scenario runs every shipped scenario through the engine", "[fuzz]") {
  // The seeds must get past the loader's checks, or the fuzzer would mostly test rejections.
  for (const auto& e : std::filesystem::directory_iterator(find_content_dir() / "scenarios")) {
    CAPTURE(e.path().string());
    CHECK(fuzz::scenario_input(read_text(e.path())) == "");
  }
}

TEST_CASE("fuzz_scenario ends a bad file in the loader's or the engine's error", "[fuzz]") {
  CHECK(fuzz::scenario_input("id = [") ==
        "fuzz-input:1: TOML syntax error: Error while parsing array: encountered end-of-file");
  const std::string ok = read_text(find_content_dir() / "scenarios" / "handshake.toml");
  CHECK(fuzz::scenario_input(ok + "\nbogus = 1\n").find("unknown key \"bogus\"") !=
        std::string::npos);
}

TEST_CASE("every input the fuzzing found ends in a clean error or runs", "[fuzz]") {
  // File name -> what scenario_input must return; a new input needs its line here.
  const std::map<std::string, std::string> expected = {
      {"programs-expand-to-gigabytes.toml",
       "fuzz-input:16: program[1].steps[0].repeat: the programs would have more than 1000000 "
       "steps in all"},
      // Ran into a signed overflow in CUBIC (min_rtt still kNever); now it simply runs.
      {"cubic-min-rtt-overflow.toml", ""},
  };
  const std::filesystem::path dir = SYNACK_TEST_DATA "/fuzz/scenario";
  int seen = 0;
  if (std::filesystem::exists(dir)) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      CAPTURE(name);
      REQUIRE(expected.count(name) == 1);
      CHECK(fuzz::scenario_input(read_text(e.path())) == expected.at(name));
      ++seen;
    }
  }
  CHECK(seen == static_cast<int>(expected.size()));
}
