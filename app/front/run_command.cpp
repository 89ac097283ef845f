#include "app/front/run_command.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/base/atomic_write.hpp"
#include "app/base/join.hpp"
#include "app/capture/pcap_export.hpp"
#include "app/content/drop_rule.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/content/sysctl_arg.hpp"
#include "app/draw/ascii_diagram.hpp"
#include "app/draw/mermaid_diagram.hpp"
#include "app/draw/svg_diagram.hpp"
#include "app/draw/trace_json.hpp"
#include "app/front/exit_codes.hpp"
#include "app/run/narration.hpp"
#include "engine/simulator.hpp"
#include "engine/sysctl.hpp"

namespace synack {
namespace {

Lang to_lang(std::string_view name) {
  return name == "zh" ? Lang::zh : Lang::en;
}

Scenario load(const std::string& id_or_path) {
  try {
    return load_scenario_arg(find_content_dir(), id_or_path);
  } catch (const UnknownScenarioError& e) {
    std::string message = fmt::format("unknown scenario '{}'", e.id());
    if (!e.suggestions().empty()) {
      message += fmt::format("; did you mean: {}?", join(e.suggestions(), ", "));
    }
    throw UsageError(message + "\n(`synack list` shows every scenario)");
  } catch (const ScenarioError& e) {
    throw UsageError(e.what());  // already "FILE:LINE: FIELD: message"
  }
}

RuleSpec drop_rule_for(const std::string& text, const Scenario& scenario) {
  RuleSpec rule;
  try {
    rule = parse_drop_rule(text);
  } catch (const DropRuleError& e) {
    throw UsageError(e.what());
  }
  std::vector<std::string> hosts;
  for (const auto& h : scenario.spec.hosts) hosts.push_back(h.name);
  if (std::find(hosts.begin(), hosts.end(), rule.match.from) == hosts.end()) {
    throw UsageError(fmt::format("--drop '{}': no host '{}' in scenario {}; hosts: {}", text,
                                 rule.match.from, scenario.spec.id, join(hosts, ", ")));
  }
  return rule;
}

RunOptions run_options(const RunArgs& args, const Scenario& scenario) {
  RunOptions options;
  check_profile(args.profile);
  if (!args.profile.empty()) options.profile = args.profile;
  for (const auto& set : args.sets) {
    try {
      options.sysctls.push_back(parse_set_option(set));
    } catch (const SysctlError& e) {
      throw UsageError(e.what());
    }
  }
  for (const auto& drop : args.drops) options.extra_rules.push_back(drop_rule_for(drop, scenario));
  options.seed = args.seed;
  return options;
}

int cmd_run(const RunArgs& args, std::ostream& out) {
  const bool to_stdout = args.output.empty() || args.output == "-";
  if (args.format == "pcap" && to_stdout && args.out_is_terminal) {
    throw UsageError(
        "not writing a pcap capture (binary) to the terminal: use -o FILE, or pipe it");
  }
  auto [scenario, trace] = load_and_run(args);
  const Lang lang = to_lang(args.lang);
  std::string text;
  if (args.format == "pcap") {
    text = pcap_bytes(trace, to_stdout ? "stdout" : args.output);
  } else if (args.format == "json") {
    text = format_json(trace, {.segments = args.segments, .zh = lang == Lang::zh});
  } else if (args.format == "svg") {
    // The window's picture without a window: laid out for a page, measured from the font file.
    SvgOptions svg;
    svg.title = scenario.title.in(lang);
    svg.show_timers = args.timers;
    text = export_svg(trace, layout_trace(trace, svg_layout_options(trace, lang)), svg);
  } else {
    DiagramOptions diagram;
    diagram.lang = lang;
    diagram.show_timers = args.timers;
    diagram.narration = narration_for(scenario, trace, lang);
    text = args.format == "mermaid" ? format_mermaid(trace, diagram) : format_text(trace, diagram);
  }
  if (to_stdout) {
    out << text;
  } else {
    write_file_atomically(args.output, text);
  }
  return kExitOk;
}

}  // namespace

LoadedRun load_and_run(const RunArgs& args) {
  LoadedRun r{load(args.scenario), {}};
  RunOptions options = run_options(args, r.scenario);
  try {
    r.trace = run_scenario(r.scenario.spec, options);
  } catch (const SetupError& e) {
    std::string where = r.scenario.path.empty() ? r.scenario.spec.id : r.scenario.path;
    if (e.line() > 0) where += fmt::format(":{}", e.line());
    throw UsageError(fmt::format("{}: {}: {}", where, e.field(), e.what()));
  }
  return r;
}

std::string profile_list() {
  std::vector<std::string> names(kProfiles.begin(), kProfiles.end());
  return join(names, ", ");
}

void check_profile(const std::string& profile) {
  if (profile.empty() || Sysctls::for_profile(profile)) return;
  throw UsageError(fmt::format("unknown profile '{}'; valid: {}", profile, profile_list()));
}

int run_command(const RunArgs& args, std::ostream& out, std::ostream& err) {
  try {
    return cmd_run(args, out);
  } catch (const UsageError& e) {
    err << "synack: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    err << "synack: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace synack
