// Finding, listing and loading the shipped scenarios; suggestions for unknown ids.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/base/suggest.hpp"
#include "app/content/scenario_catalog.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

const fs::path kTestContent = SYNACK_TEST_DATA "/catalog";

}  // namespace

TEST_CASE("the catalog lists good files by id and reports every bad one", "[catalog]") {
  Catalog catalog = load_catalog(kTestContent);
  REQUIRE(catalog.entries.size() == 2);
  CHECK(catalog.entries[0].id == "alpha");
  CHECK(catalog.entries[0].title.zh == "甲");
  CHECK(catalog.entries[0].topics == std::vector<std::string>{"HS-01"});
  CHECK(fs::path(catalog.entries[0].path) == kTestContent / "scenarios" / "alpha.toml");
  CHECK(catalog.entries[1].id == "beta");
  CHECK(catalog.entries[1].topics == std::vector<std::string>{"HS-01", "FW-01"});
  // Both broken files are reported, not just the first; notes.txt is not a scenario.
  REQUIRE(catalog.errors.size() == 2);
  CHECK(fs::path(catalog.errors[0].file()).filename() == "broken.toml");
  CHECK(catalog.errors[0].line() == 3);
  CHECK(fs::path(catalog.errors[1].file()).filename() == "mismatch.toml");
  CHECK(catalog.errors[1].field() == "id");
  CHECK(catalog.errors[1].line() == 2);
}

TEST_CASE("scenario ids come from file names", "[catalog]") {
  CHECK(scenario_ids(kTestContent) ==
        std::vector<std::string>{"alpha", "beta", "broken", "mismatch"});
  CHECK(scenario_ids(kTestContent / "missing").empty());
}

TEST_CASE("a scenario loads by id or by path", "[catalog]") {
  CHECK(load_scenario_arg(kTestContent, "beta").spec.id == "beta");
  std::string path = (kTestContent / "scenarios" / "alpha.toml").string();
  CHECK(load_scenario_arg(kTestContent, path).spec.id == "alpha");
  CHECK_THROWS_AS(load_scenario_arg(kTestContent, "broken"), ScenarioError);
}

TEST_CASE("an unknown id suggests close ones", "[catalog]") {
  try {
    load_scenario_arg(kTestContent, "alpah");
    FAIL("no error");
  } catch (const UnknownScenarioError& e) {
    CHECK(e.id() == "alpah");
    CHECK(e.suggestions() == std::vector<std::string>{"alpha"});
    CHECK(std::string(e.what()) ==
          "unknown scenario \"alpah\"; did you mean alpha? (`synack list` shows them all)");
  }
}

TEST_CASE("suggestions rank by edit distance, at most three", "[catalog]") {
  std::vector<std::string> ids = {"closed-port",        "handshake",  "lifecycle",
                                  "linger-abort",       "syn-flood",  "simultaneous-open",
                                  "simultaneous-close", "syn-dropped"};
  CHECK(suggest_ids(ids, "handshak") == std::vector<std::string>{"handshake"});
  CHECK(suggest_ids(ids, "lifecylce") == std::vector<std::string>{"lifecycle"});
  // A part of an id counts as close.
  CHECK(suggest_ids(ids, "flood") == std::vector<std::string>{"syn-flood"});
  CHECK(suggest_ids(ids, "simultaneous") ==
        std::vector<std::string>{"simultaneous-close", "simultaneous-open"});
  CHECK(suggest_ids(ids, "syn") == std::vector<std::string>{"syn-dropped", "syn-flood"});
  CHECK(suggest_ids({"a4", "a3", "a2", "a1"}, "a") == std::vector<std::string>{"a1", "a2", "a3"});
  CHECK(suggest_ids(ids, "quiz").empty());
  CHECK(suggest_ids(ids, "simultaneous-clos", 1) == std::vector<std::string>{"simultaneous-close"});
}

TEST_CASE("the content directory comes from the environment, else the tree", "[catalog]") {
  ::setenv("SYNACK_CONTENT_DIR", "/tmp/elsewhere", 1);
  CHECK(find_content_dir() == fs::path("/tmp/elsewhere"));
  ::unsetenv("SYNACK_CONTENT_DIR");
  // The test binary sits in <build>/bin, or falls back to the source tree: both resolve to
  // this repository's content/ when the build dir is inside the repository.
  fs::path found = find_content_dir();
  CHECK(fs::is_directory(found / "scenarios"));
}
