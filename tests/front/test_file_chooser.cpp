// File -> Open's chooser on scratch directories: what it lists and in which order, the
// keyboard (selection, Enter, Tab completion, ~ and relative paths), errors, recent files.
#include <catch2/catch.hpp>
#include <fstream>

#include "app/front/file_chooser.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

void touch(const fs::path& p) {
  std::ofstream(p) << "# scratch\n";
}

// dir/ with: Beta/, alpha/, .hidden/, lab.toml, Lab2.TOML, notes.txt, .dot.toml, zeta.toml
fs::path sample(const std::string& name) {
  const fs::path d = test::scratch_dir("file-chooser", name);
  fs::create_directories(d / "Beta");
  fs::create_directories(d / "alpha");
  fs::create_directories(d / ".hidden");
  for (const char* f : {"lab.toml", "Lab2.TOML", "notes.txt", ".dot.toml", "zeta.toml"}) {
    touch(d / f);
  }
  return d;
}

std::vector<std::string> names(const FileChooser& c) {
  std::vector<std::string> out;
  for (const auto& e : c.entries()) out.push_back(e.name + (e.is_dir ? "/" : ""));
  return out;
}

}  // namespace

TEST_CASE("file chooser: directories first, then scenario files, by name", "[file_chooser]") {
  const fs::path d = sample("list");
  const FileChooser c(d);
  CHECK(c.dir() == d);
  CHECK(c.error().empty());
  CHECK(names(c) ==
        std::vector<std::string>{"alpha/", "Beta/", "lab.toml", "Lab2.TOML", "zeta.toml"});
}

TEST_CASE("file chooser: arrows, Enter on a directory and on a file, parent", "[file_chooser]") {
  const fs::path d = sample("keys");
  touch(d / "alpha" / "inner.toml");
  FileChooser c(d);
  REQUIRE(c.selected() == 0u);
  c.move_selection(-3);  // clamped at the top
  CHECK(c.selected() == 0u);
  c.move_selection(100);  // and at the bottom
  CHECK(c.selected() == 4u);
  CHECK(c.activate("") == d / "zeta.toml");  // Enter with nothing typed: the selected entry

  c.select(0);
  CHECK_FALSE(c.activate(""));  // alpha/: entered, nothing to open
  CHECK(c.dir() == d / "alpha");
  CHECK(names(c) == std::vector<std::string>{"inner.toml"});
  c.up();
  CHECK(c.dir() == d);
  c.change_dir("Beta");  // relative to the current directory
  CHECK(c.dir() == d / "Beta");
  CHECK(c.entries().empty());
  CHECK_FALSE(c.selected());
  CHECK_FALSE(c.activate(""));
  c.change_dir("..");
  CHECK(c.dir() == d);
}

TEST_CASE("file chooser: typed paths: relative, absolute, home, missing", "[file_chooser]") {
  const fs::path d = sample("typed");
  FileChooser c(d);
  CHECK(c.activate("lab.toml") == d / "lab.toml");
  CHECK(c.activate((d / "zeta.toml").string()) == d / "zeta.toml");
  // A typed file is opened whatever its extension: the loader says what is wrong with it.
  CHECK(c.activate("notes.txt") == d / "notes.txt");
  CHECK_FALSE(c.activate("alpha/"));
  CHECK(c.dir() == d / "alpha");
  CHECK(c.activate("../lab.toml") == d / "lab.toml");
  CHECK_FALSE(c.activate("no-such.toml"));
  CHECK(c.error().find("no-such.toml: no such file or directory") != std::string::npos);

  const char* home = std::getenv("HOME");
  if (home && *home) CHECK(c.resolve("~/x.toml") == fs::path(home) / "x.toml");
}

TEST_CASE("file chooser: Tab completes as far as the matches agree", "[file_chooser]") {
  const fs::path d = sample("tab");
  touch(d / "alpha" / "one.toml");
  const FileChooser c(d);
  CHECK(c.complete("z") == "zeta.toml");  // one file
  CHECK(c.complete("al") == "alpha/");    // one directory: ready for the next part
  CHECK(c.complete("la") == "lab.toml");  // lab.toml only: Lab2.TOML differs in case
  CHECK(c.complete("L") == "Lab2.TOML");
  CHECK(c.complete("alpha/o") == "alpha/one.toml");  // inside a typed directory
  CHECK(c.complete("q") == "q");                     // nothing matches: unchanged
  CHECK(c.complete("notes") == "notes");             // not a scenario file: not offered
  touch(d / "lab-b.toml");
  CHECK(FileChooser(d).complete("l") == "lab");  // lab.toml, lab-b.toml: their common start
  const std::string abs = (d / "ze").string();
  CHECK(c.complete(abs) == (d / "zeta.toml").string());
}

TEST_CASE("file chooser: an unreadable directory is an error, not a crash", "[file_chooser]") {
  const fs::path d = test::scratch_file("file-chooser", "missing");
  const FileChooser c(d);
  CHECK(c.entries().empty());
  CHECK_FALSE(c.error().empty());
  CHECK(c.error().find(d.string()) != std::string::npos);
}

TEST_CASE("file chooser: recent files, newest first, no duplicates, bounded", "[file_chooser]") {
  std::vector<std::string> r;
  r = add_recent(r, "/a.toml");
  r = add_recent(r, "/b.toml");
  CHECK(r == std::vector<std::string>{"/b.toml", "/a.toml"});
  r = add_recent(r, "/a.toml");
  CHECK(r == std::vector<std::string>{"/a.toml", "/b.toml"});
  for (int i = 0; i < 20; ++i) r = add_recent(r, "/f" + std::to_string(i) + ".toml", 5);
  CHECK(r.size() == 5);
  CHECK(r.front() == "/f19.toml");
  CHECK(r.back() == "/f15.toml");
}

TEST_CASE("file chooser: captures listed for Open and Open capture, by extension",
          "[file_chooser]") {
  const fs::path d = sample("captures");
  for (const char* f : {"a.pcap", "B.PCAPNG", "c.cap", "d.pcap.txt"}) touch(d / f);
  CHECK(file_kind("x/a.pcap") == FileKind::capture);
  CHECK(file_kind("B.PCAPNG") == FileKind::capture);
  CHECK(file_kind("lab.toml") == FileKind::scenario);
  CHECK(file_kind("d.pcap.txt") == FileKind::other);
  CHECK(names(FileChooser(d)) ==
        std::vector<std::string>{"alpha/", "Beta/", "lab.toml", "Lab2.TOML", "zeta.toml"});
  CHECK(names(FileChooser(d, FileKinds::captures)) ==
        std::vector<std::string>{"alpha/", "Beta/", "a.pcap", "B.PCAPNG", "c.cap"});
  CHECK(names(FileChooser(d, FileKinds::both)) ==
        std::vector<std::string>{"alpha/", "Beta/", "a.pcap", "B.PCAPNG", "c.cap", "lab.toml",
                                 "Lab2.TOML", "zeta.toml"});
}
