// End-to-end: `synack plot` as SVG and as PNG, the PNG decoded and looked at: its size, the
// plot's colours where the lines and bars are, text inked in both languages.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "app/draw/svg_plot.hpp"
#include "tests/support/cli_run.hpp"
#include "tests/support/png_picture.hpp"

namespace fs = std::filesystem;
using Result = synack::test::CliResult;
using synack::test::run_synack;
using synack::test::slurp;

namespace {

fs::path scratch_dir() {
  return synack::test::cli_scratch_dir();
}

using synack::test::decode_png;
using synack::test::Picture;
using synack::test::Rgb;

Rgb ink(synack::PlotInk i) {
  return synack::test::rgb_of(synack::ink_colour(i));
}
const Rgb kCwnd = ink(synack::PlotInk::cwnd), kSsthresh = ink(synack::PlotInk::ssthresh),
          kInFlight = ink(synack::PlotInk::in_flight), kData = ink(synack::PlotInk::data),
          kRetransmit = ink(synack::PlotInk::retransmit), kSack = ink(synack::PlotInk::sack),
          kWhite{255, 255, 255};

}  // namespace

TEST_CASE("cli: plot draws the window plot and the time-sequence graph as SVG") {
  const fs::path file = scratch_dir() / "fr-window.svg";
  Result w = run_synack("plot fast-retransmit --kind window -o '" + file.string() + "'");
  INFO(w.err);
  REQUIRE(w.code == 0);
  CHECK(w.out.empty());
  const std::string svg = slurp(file);
  CHECK_THAT(svg, Catch::StartsWith("<?xml"));
  CHECK_THAT(svg, Catch::Contains("<title>Congestion and flow control \u00b7 client</title>"));
  CHECK_THAT(svg, Catch::Contains("<polyline class=\"line cwnd\""));
  CHECK_THAT(svg, Catch::Contains("<polyline class=\"line ssthresh\""));
  CHECK_THAT(svg, Catch::Contains("<polygon class=\"mark recovery\""));

  // The time-sequence graph, in Chinese, at a given size: five segments, one resent, the
  // three SACK blocks of the duplicate ACKs.
  Result t = run_synack("plot sack --kind tseq --lang zh --size 800x360");
  INFO(t.err);
  REQUIRE(t.code == 0);
  CHECK_THAT(t.out, Catch::Contains("width=\"800.0\" height=\"360.0\""));
  CHECK_THAT(t.out, Catch::Contains("<title>时间–序列号图 \u00b7 client</title>"));
  auto count = [&](const std::string& needle) {
    int n = 0;
    for (auto at = t.out.find(needle); at != std::string::npos; at = t.out.find(needle, at + 1))
      ++n;
    return n;
  };
  CHECK(count("<line class=\"bar data") == 5);
  CHECK(count("<line class=\"bar retransmit\"") == 1);
  CHECK(count("<line class=\"bar sack\"") == 3);

  // --drop and --host as for run: the server sends no data, so its plot says so.
  Result s = run_synack("plot sack --host server");
  CHECK(s.code == 0);
  CHECK_THAT(s.err, Catch::Contains("No data was sent"));
  Result bad = run_synack("plot sack --host nobody");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("hosts: client, server"));
  CHECK(run_synack("plot sack --kind pie").code == 2);
  CHECK(run_synack("plot sack --size 10x10").code == 2);
  CHECK(run_synack("plot sack --format gif").code == 2);
}

TEST_CASE("cli: plot -o F.png writes a PNG of the size asked for, with the plot's colours") {
  const fs::path file = scratch_dir() / "fr-window.png";
  Result r = run_synack("plot fast-recovery --size 800x400 -o '" + file.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.empty());
  const std::string png = slurp(file);
  REQUIRE(png.size() > 8);
  CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  const Picture pic = decode_png(png);
  REQUIRE(pic.px);
  CHECK(pic.w == 800);
  CHECK(pic.h == 400);
  // Mostly white paper, the three lines of the sender's own state drawn in their colours
  // (each a line of at least a few hundred pixels; the legend's swatches alone are ~60).
  CHECK(pic.count(kWhite) > 800 * 400 / 2);
  CHECK(pic.count(kWhite) < 800 * 400 - 5000);
  CHECK(pic.count(kCwnd) > 300);
  CHECK(pic.count(kSsthresh) > 150);
  CHECK(pic.count(kInFlight) > 300);

  // The time-sequence graph in Chinese, through --format png on stdout: segments in near
  // black, the retransmission in orange, the SACK blocks in gold; larger text takes ink.
  Result t = run_synack("plot sack --kind tseq --lang zh --format png --size 640x360");
  INFO(t.err);
  REQUIRE(t.code == 0);
  const Picture seq = decode_png(t.out);
  REQUIRE(seq.px);
  CHECK(seq.w == 640);
  CHECK(seq.h == 360);
  CHECK(seq.count(kData, 12) > 100);
  CHECK(seq.count(kRetransmit) > 20);
  CHECK(seq.count(kSack) > 20);

  // The same picture in English is not the Chinese one: the words differ, the lines not.
  Result en = run_synack("plot sack --kind tseq --lang en --format png --size 640x360");
  REQUIRE(en.code == 0);
  CHECK(en.out != t.out);
  const Picture en_pic = decode_png(en.out);
  REQUIRE(en_pic.px);
  CHECK(en_pic.count(kRetransmit) == seq.count(kRetransmit));

  // A run with no data (the handshake alone) still gives a picture, and says why on stderr.
  const fs::path empty = scratch_dir() / "handshake.png";
  Result f = run_synack("plot handshake -o '" + empty.string() + "'");
  CHECK(f.code == 0);
  CHECK_THAT(f.err, Catch::Contains("No data was sent"));
  const Picture none = decode_png(slurp(empty));
  REQUIRE(none.px);
  CHECK(none.w == 960);
  CHECK(none.h == 420);
  CHECK(none.count(kCwnd) == 0);
  CHECK(none.count(kWhite) < 960 * 420);  // the note is written

  // --format wins over the extension.
  const fs::path svg_named_png = scratch_dir() / "really-svg.png";
  REQUIRE(run_synack("plot sack --format svg -o '" + svg_named_png.string() + "'").code == 0);
  CHECK_THAT(slurp(svg_named_png), Catch::StartsWith("<?xml"));
}
