// What the fuzz target fuzz_quiz does with one input (fuzz/quiz_input.hpp), in the normal
// build: the shipped bank imports and reads back, a bad file ends in the loader's error, and
// every input the fuzzing found (tests/data/fuzz/quiz/) ends in its clean error.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "fuzz/quiz_input.hpp"
#include "tests/support/fuzz_found.hpp"

using namespace synack;

TEST_CASE("fuzz_quiz imports the shipped bank and reads every item back", "[fuzz]") {
  // The seeds must pass the import's checks (topics, scenarios, their hosts), or the fuzzer
  // would mostly test rejections.
  for (const auto& e : std::filesystem::directory_iterator(find_content_dir() / "quiz")) {
    CAPTURE(e.path().string());
    CHECK(fuzz::quiz_input(test::file_contents(e.path())) == "");
  }
}

TEST_CASE("fuzz_quiz ends a bad file in the loader's error", "[fuzz]") {
  CHECK(fuzz::quiz_input("[[item]]\nid = 1\n") ==
        "fuzz-input.toml:2: item[0].id: expected string, got integer");
  CHECK(fuzz::quiz_input("[[item]]\nid = \"a\"\ntopic = \"ZZ-99\"\n") ==
        "fuzz-input.toml:3: item[0].topic: unknown topic id \"ZZ-99\"");
}

TEST_CASE("every quiz input the fuzzing found ends in a clean error", "[fuzz]") {
  // File name -> what quiz_input must return; a new input needs its line here.
  const std::map<std::string, std::string> expected = {};
  test::check_found_inputs("quiz", expected,
                           [](const std::string& text) { return fuzz::quiz_input(text); });
}
