// What the fuzz target fuzz_scenario does with one input (fuzz/scenario_input.hpp), in the
// normal build: the shipped scenarios reach the engine, a bad file ends in the loader's error,
// and every input the fuzzing found (tests/data/fuzz/scenario/) ends in its clean error.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "fuzz/scenario_input.hpp"
#include "tests/support/fuzz_found.hpp"

using namespace synack;

TEST_CASE("fuzz_scenario runs every shipped scenario through the engine", "[fuzz]") {
  // The seeds must get past the loader's checks, or the fuzzer would mostly test rejections.
  for (const auto& e : std::filesystem::directory_iterator(find_content_dir() / "scenarios")) {
    CAPTURE(e.path().string());
    CHECK(fuzz::scenario_input(test::file_contents(e.path())) == "");
  }
}

TEST_CASE("fuzz_scenario ends a bad file in the loader's or the engine's error", "[fuzz]") {
  CHECK(fuzz::scenario_input("id = [") ==
        "fuzz-input:1: TOML syntax error: Error while parsing array: encountered end-of-file");
  const std::string ok = test::file_contents(find_content_dir() / "scenarios" / "handshake.toml");
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
  test::check_found_inputs("scenario", expected,
                           [](const std::string& text) { return fuzz::scenario_input(text); });
}
