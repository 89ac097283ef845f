// The window's plots without the window: which host is plotted (the picker's choice, kept
// while the scenario stays open), the picker's entries, and the Export menu's plot files,
// the same bytes as `synack plot` makes.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "app/front/plot_command.hpp"
#include "app/front/session_plots.hpp"
#include "tests/support/png_picture.hpp"
#include "tests/support/ui_words.hpp"

using namespace synack;
using synack::test::ui_words;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

}  // namespace

TEST_CASE("session plots: the busiest sender by default, another host when picked") {
  Session s(kContent);
  s.open("sack");
  SessionPlots plots;
  const std::vector<DataSender>& senders = plots.senders(s, ui_words());
  REQUIRE(senders.size() == 1);  // only the client sends data in sack
  const Trace& t = s.run().trace;
  CHECK(t.host_name(senders[0].host) == "client");
  CHECK(t.host_name(senders[0].peer) == "server");
  CHECK(plots.shown_host(s, ui_words()) == "client");
  CHECK(plots.chosen_host().empty());
  CHECK(plots.window(s, ui_words()).title == "Congestion and flow control \u00b7 client");
  CHECK_FALSE(plots.window(s, ui_words()).empty());

  // The server sent nothing: its plots say so, as `synack plot --host server` does.
  plots.choose_host(s, "server");
  CHECK(plots.shown_host(s, ui_words()) == "server");
  CHECK(plots.window(s, ui_words()).empty());
  CHECK(plots.tseq(s, ui_words()).empty());
  CHECK(plots.window(s, ui_words()).title == "Congestion and flow control \u00b7 server");

  // A re-run (a sysctl changed) keeps the choice; another scenario drops it.
  REQUIRE(s.set_sysctl("tcp_sack", "0").empty());
  CHECK(plots.shown_host(s, ui_words()) == "server");
  s.open("fast-retransmit");
  CHECK(plots.shown_host(s, ui_words()) == "client");
  CHECK(plots.chosen_host().empty());

  // A name the run does not have counts as no choice.
  plots.choose_host(s, "nobody");
  CHECK(plots.shown_host(s, ui_words()) == "client");
  CHECK_FALSE(plots.window(s, ui_words()).empty());
}

TEST_CASE("session plots: both ends of a request and reply can be plotted") {
  Session s(kContent);
  s.open("nagle-delayed-ack");
  SessionPlots plots;
  REQUIRE(plots.senders(s, ui_words()).size() == 2);
  CHECK(plots.shown_host(s, ui_words()) == "client");  // 1000 bytes against 500
  const Plot client = plots.tseq(s, ui_words());
  plots.choose_host(s, "server");
  const Plot& server = plots.tseq(s, ui_words());
  CHECK(server.title == "Time–sequence graph \u00b7 server");
  CHECK_FALSE(server.empty());
  CHECK(server.y.hi < client.y.hi);  // the replies are half the requests
}

TEST_CASE("session plots: the picker's entry names both ends and what was sent") {
  Session s(kContent);
  s.open("sack");
  SessionPlots plots;
  const Trace& t = s.run().trace;
  const DataSender d = plots.senders(s, ui_words()).at(0);
  CHECK(d.bytes > 0);
  const std::string kb = fmt::format("{:.1f}", static_cast<double>(d.bytes) / 1000);
  CHECK(sender_label(t, d, ui_words(), Lang::en) == "client \u2192 server (" + kb + " kB)");
  CHECK(sender_label(t, d, ui_words(), Lang::zh) ==
        "client \u2192 server\uff08" + kb + " \u5343\u5b57\u8282\uff09");
}

TEST_CASE("session plots: the Export menu's files are synack plot's, SVG or PNG") {
  Session s(kContent);
  s.open("fast-retransmit");
  s.lang = Lang::zh;
  SessionPlots plots;
  const std::string svg = plots.file(s, ui_words(), "tseq", PlotFormat::svg);
  const Plot cli = plot_for_run(s.run().trace, "tseq", "", ui_words(), Lang::zh);
  CHECK(svg == plot_file(cli, kPlotFileSize, PlotFormat::svg));
  CHECK_THAT(svg, Catch::Contains("<title>时间–序列号图 \u00b7 client</title>"));

  const std::string png = plots.file(s, ui_words(), "window", PlotFormat::png, {640, 300});
  const test::Picture pic = test::decode_png(png);
  REQUIRE(pic.px);
  CHECK(pic.w == 640);
  CHECK(pic.h == 300);
}

TEST_CASE("plot format: --format, else the file's extension") {
  CHECK(plot_format("", "a.png") == PlotFormat::png);
  CHECK(plot_format("", "A.PNG") == PlotFormat::png);
  CHECK(plot_format("", "a.svg") == PlotFormat::svg);
  CHECK(plot_format("", "") == PlotFormat::svg);     // stdout
  CHECK(plot_format("", "png") == PlotFormat::svg);  // a name, not an extension
  CHECK(plot_format("png", "") == PlotFormat::png);
  CHECK(plot_format("svg", "a.png") == PlotFormat::svg);
}
