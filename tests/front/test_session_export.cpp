// What the Export menu writes (and the headless --export-svg / --export-mermaid options).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "app/draw/diagram_rows.hpp"
#include "app/draw/mermaid_diagram.hpp"
#include "app/front/session.hpp"
#include "app/front/session_export.hpp"
#include "app/run/narration.hpp"

using namespace synack;

namespace {
const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("diagram export: SVG draws the arrows up to the playback cursor", "[diagram_export]") {
  Session s(kContent);
  s.open("handshake");
  s.playback().to_end();
  const std::string all = export_session_svg(s);
  CHECK(count(all, "<line class=\"arrow") == s.run().layout.arrows.size());
  CHECK(all.find("The three-way handshake") != std::string::npos);

  s.playback().to_start();
  CHECK(count(export_session_svg(s), "<line class=\"arrow") == 0);

  s.lang = Lang::zh;
  CHECK(export_session_svg(s).find("三次握手") != std::string::npos);
}

TEST_CASE("diagram export: Mermaid is what `synack run --format mermaid` prints",
          "[diagram_export]") {
  Session s(kContent);
  s.open("lifecycle");
  for (Lang lang : {Lang::en, Lang::zh}) {
    s.lang = lang;
    DiagramOptions o;
    o.lang = lang;
    o.narration = narration_for(s.scenario(), s.run().trace, lang);
    CHECK(export_session_mermaid(s) == format_mermaid(s.run().trace, o));
    CHECK_FALSE(o.narration.empty());  // the scenario's narration is in it
  }
  // A sysctl change is in the export, as `--set` is in the CLI's.
  s.open("syn-flood");
  const std::string before = export_session_mermaid(s);
  REQUIRE(s.set_sysctl("tcp_syncookies", "0").empty());
  CHECK(export_session_mermaid(s) != before);
}
