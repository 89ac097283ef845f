#include "app/cli/cli.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "app/base/join.hpp"
#include "app/base/text_width.hpp"
#include "app/cli/cli_interview.hpp"
#include "app/cli/cli_pcap.hpp"
#include "app/cli/cli_quiz.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/draw/ascii_diagram.hpp"
#include "app/front/exit_codes.hpp"
#include "app/front/plot_command.hpp"
#include "app/front/run_command.hpp"
#include "engine/simulator.hpp"
#include "engine/sysctl.hpp"

namespace synack {
namespace {

int cmd_list(bool json, Lang lang, std::ostream& out, std::ostream& err) {
  Catalog catalog = load_catalog(find_content_dir());
  if (json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& e : catalog.entries) {
      nlohmann::ordered_json item;
      item["id"] = e.id;
      item["title"] = {{"en", e.title.en}, {"zh", e.title.zh}};
      item["topics"] = e.topics;
      item["path"] = e.path;
      list.push_back(std::move(item));
    }
    out << list.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    std::size_t id_width = 2;
    std::size_t title_width = 5;
    for (const auto& e : catalog.entries) {
      id_width = std::max(id_width, e.id.size());
      title_width = std::max(title_width, display_width(e.title.in(lang)));
    }
    // Topics come last and wrap under themselves, so titles are never cut short.
    title_width = std::min<std::size_t>(title_width, 48);
    const std::size_t topics_at = id_width + 2 + title_width + 2;
    const std::size_t topics_width = static_cast<std::size_t>(kTextWidth) - topics_at;
    auto row = [&](std::string_view id, std::string_view title, std::string_view topics) {
      std::string t = clip(title, title_width);
      std::string pad(title_width - display_width(t), ' ');
      auto pieces = wrap(topics, topics_width);
      std::string line = fmt::format("{:<{}}  {}{}  {}", id, id_width, t, pad,
                                     pieces.empty() ? "" : pieces.front());
      for (std::size_t k = 1; k < pieces.size(); ++k) {
        line += "\n" + std::string(topics_at, ' ') + pieces[k];
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << "\n";
    };
    row("id", "title", "topics");
    for (const auto& e : catalog.entries) row(e.id, e.title.in(lang), join(e.topics, ", "));
  }
  for (const auto& e : catalog.errors) err << "synack: " << e.what() << "\n";
  return catalog.errors.empty() ? kExitOk : kExitUsage;
}

int cmd_sysctl(const std::string& only, std::ostream& out) {
  check_profile(only);
  std::vector<std::string> profiles;
  if (only.empty()) {
    profiles.assign(kProfiles.begin(), kProfiles.end());
  } else {
    profiles.push_back(only);
  }
  std::vector<Sysctls> values;
  for (const auto& p : profiles) values.push_back(*Sysctls::for_profile(p));

  std::string head = fmt::format("{:<34}", "sysctl");
  for (const auto& p : profiles) head += fmt::format("{:>13}", p);
  out << head << "  range\n";
  constexpr std::size_t kColumn = 13;
  for (const auto& k : all_knobs()) {
    std::string line = fmt::format("{:<34}", fmt::format("{}{}", k.prefix, k.name));
    // A value too long for its column ("4096 131072 33554432") gets a line per profile.
    std::vector<std::string> shown;
    bool fits = true;
    for (const auto& v : values) {
      shown.push_back(fmt::format("{}{}", format_knob_value(k, v.value(k.id)),
                                  k.unit.empty() || k.parts > 1 ? "" : " "));
      fits = fits && shown.back().size() < kColumn;
    }
    for (const auto& text : shown) line += fmt::format("{:>{}}", fits ? text : "", kColumn);
    std::string unit = k.unit.empty() ? "" : fmt::format(" {}", k.unit);
    line += fmt::format("  {}..{}{}{}", k.min, k.max, unit, k.parts > 1 ? " each" : "");
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
    for (std::size_t i = 0; !fits && i < shown.size(); ++i) {
      out << fmt::format("      {:<12}{}\n", profiles[i], shown[i]);
    }
    for (const auto& piece : wrap(k.help, static_cast<std::size_t>(kTextWidth) - 4)) {
      out << "    " << piece << "\n";
    }
  }
  out << "\nChange one for a run with: synack run <scenario> --set NAME=VALUE\n";
  return kExitOk;
}

}  // namespace

int run_cli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  std::istringstream nothing;
  return run_cli(argv, nothing, false, out, err);
}

int run_cli(const std::vector<std::string>& argv, std::istream& in, bool in_is_terminal,
            std::ostream& out, std::ostream& err) {
  CLI::App app{"synack: learn TCP by watching a reference TCP engine run scenarios", "synack"};
  app.set_version_flag("--version", "synack 0.1.0");
  app.require_subcommand(0, 1);

  bool list_json = false;
  std::string list_lang = "en";
  CLI::App* list = app.add_subcommand("list", "List the scenarios: id, title, topics");
  list->add_flag("--json", list_json, "Print JSON instead of a table");
  list->add_option("--lang", list_lang, "Title language")->check(CLI::IsMember({"en", "zh"}));

  RunArgs run_args;
  CLI::App* run = app.add_subcommand("run", "Run a scenario and draw its trace");
  run->add_option("scenario", run_args.scenario, "Scenario id or path to a .toml file")->required();
  run->add_option("--profile", run_args.profile, "Sysctl profile: " + profile_list());
  run->add_option("--set", run_args.sets, "Override a sysctl, NAME=VALUE (repeatable)");
  run->add_option(
      "--drop", run_args.drops,
      "Drop segments: HOST:FLAGS[#N], e.g. client:SYN or server:SYN,ACK#2 (repeatable)");
  std::uint64_t seed = 0;
  CLI::Option* seed_opt = run->add_option("--seed", seed, "Random seed (ISNs, ports)");
  run->add_option("--format", run_args.format,
                  "Output: text, json, mermaid, svg or pcap (every segment as it left its "
                  "sender, dropped ones too; binary: -o FILE or a pipe)")
      ->check(CLI::IsMember({"text", "json", "mermaid", "svg", "pcap"}));
  run->add_option("--lang", run_args.lang, "Language of reasons and narration: en or zh")
      ->check(CLI::IsMember({"en", "zh"}));
  run->add_option("-o,--output", run_args.output, "Write to FILE instead of stdout (- is stdout)");
  run->add_flag("--segments", run_args.segments, "JSON: also list every segment once");
  run->add_flag("--timers", run_args.timers, "Diagrams: show timers being armed and cancelled");

  PlotArgs plot_args;
  plot_args.run.format = "";  // from -o's extension
  CLI::App* plot = app.add_subcommand(
      "plot", "Run a scenario and plot one sender's cwnd and windows, or its time-sequence graph");
  plot->add_option("scenario", plot_args.run.scenario, "Scenario id or path to a .toml file")
      ->required();
  plot->add_option("--kind", plot_args.kind,
                   "window: cwnd, ssthresh, in flight, peer's window; tseq: time-sequence graph")
      ->check(CLI::IsMember({"window", "tseq"}));
  plot->add_option("--host", plot_args.host,
                   "The sending host (default: the one that sent the most data)");
  plot->add_option("--format", plot_args.run.format,
                   "Output: svg or png (default: png for -o F.png, else svg)")
      ->check(CLI::IsMember({"svg", "png"}));
  plot->add_option("--lang", plot_args.run.lang, "Language of the labels: en or zh")
      ->check(CLI::IsMember({"en", "zh"}));
  plot->add_option("--size", plot_args.size, "Picture size WxH in px (default 960x420)");
  plot->add_option("-o,--output", plot_args.run.output, "Write to FILE instead of stdout");
  plot->add_option("--profile", plot_args.run.profile, "Sysctl profile: " + profile_list());
  plot->add_option("--set", plot_args.run.sets, "Override a sysctl, NAME=VALUE (repeatable)");
  plot->add_option("--drop", plot_args.run.drops, "Drop segments: HOST:FLAGS[#N] (repeatable)");
  std::uint64_t plot_seed = 0;
  CLI::Option* plot_seed_opt = plot->add_option("--seed", plot_seed, "Random seed");

  PcapArgs pcap_args;
  CLI::App* pcap = add_pcap_command(app, pcap_args);

  std::string sysctl_profile;
  CLI::App* sysctl = app.add_subcommand("sysctl", "List every sysctl knob with its defaults");
  sysctl->add_option("--profile", sysctl_profile, "Show only this profile: " + profile_list());

  InterviewArgs interview_args;
  CLI::App* interview = app.add_subcommand(
      "interview",
      "Interview drill: answer out loud or typed, see the points you made, a follow-up");
  interview->add_option("--db", interview_args.db, "The quiz bank file (default: the quiz's)");
  interview->add_option("--topic", interview_args.topics,
                        "Only this topic id, e.g. TW-02 (repeatable)");
  interview->add_option("--count", interview_args.count, "Questions in the drill")
      ->check(CLI::Range(1, 100));
  interview->add_option("--lang", interview_args.lang, "en or zh (both: only with --export)")
      ->check(CLI::IsMember({"en", "zh", "both"}));
  interview->add_option("--export", interview_args.export_file,
                        "Write every question with its model answer, key points, follow-ups "
                        "and mistakes to FILE.md or FILE.html, then exit");
  interview
      ->add_option("--time", interview_args.seconds,
                   "Seconds to answer each question (shown, never enforced; default 120)")
      ->check(CLI::Range(10, 3600));

  QuizArgs quiz_args;
  CLI::App* quiz = app.add_subcommand(
      "quiz", "Self-quiz with spaced repetition: due cards first, then new ones");
  quiz->add_option("--db", quiz_args.db,
                   "Quiz bank file (default: $XDG_DATA_HOME/synack/synack.db)");
  quiz->add_option("--topic", quiz_args.topics, "Only this topic id, e.g. HS-11 (repeatable)");
  quiz->add_option("--count", quiz_args.count, "Questions in the session")
      ->check(CLI::Range(1, 1000));
  quiz->add_option("--lang", quiz_args.lang, "en or zh")->check(CLI::IsMember({"en", "zh"}));
  quiz->add_flag("--due", quiz_args.due_only, "Only cards due for review, no new ones");
  quiz->add_flag("--ahead", quiz_args.ahead,
                 "When nothing is due or new, review cards before they are due");
  quiz->add_option("--retention", quiz_args.retention,
                   "Desired retention for scheduling, 0.7-0.99 (saved in the bank)")
      ->check(CLI::Range(0.7, 0.99));
  auto* stats = quiz->add_flag("--stats", quiz_args.stats,
                               "Print mastery per topic, reviews per day, due cards");
  auto* exp = quiz->add_option("--export", quiz_args.export_csv,
                               "Write every item as Anki-importable CSV to FILE");
  auto* imp = quiz->add_option("--import", quiz_args.import_file,
                               "Add an instructor's items (content/quiz format) to the bank");
  stats->excludes(exp)->excludes(imp);
  exp->excludes(imp);

  try {
    std::vector<std::string> reversed(argv.rbegin(), argv.rend());  // CLI11 wants it reversed
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, out, err);  // --help, --version
    err << "synack: " << e.what() << "\nRun 'synack --help' for usage.\n";
    return kExitUsage;
  }

  try {
    if (*list) return cmd_list(list_json, list_lang == "zh" ? Lang::zh : Lang::en, out, err);
    if (*sysctl) return cmd_sysctl(sysctl_profile, out);
    if (*seed_opt) run_args.seed = seed;
    run_args.out_is_terminal = &out == &std::cout && ::isatty(STDOUT_FILENO) == 1;
    if (*run) return run_command(run_args, out, err);
    if (*plot) {
      if (*plot_seed_opt) plot_args.run.seed = plot_seed;
      return plot_command(plot_args, out, err);
    }
    if (*pcap) return cmd_pcap(pcap_args, out, err);
    if (*quiz) return cmd_quiz(quiz_args, in, in_is_terminal, out, err);
    if (*interview) return cmd_interview(interview_args, in, in_is_terminal, out, err);
    RunArgs defaults;  // no subcommand: the default scenario, as text
    return run_command(defaults, out, err);
  } catch (const UsageError& e) {
    err << "synack: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    err << "synack: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace synack
