#include "app/front/session.hpp"

#include <fmt/format.h>

#include <utility>

#include "app/content/sysctl_arg.hpp"
#include "app/run/narration.hpp"
#include "app/run/whatif.hpp"
#include "engine/sysctl.hpp"

namespace synack {

namespace {
constexpr const char* kRecordedError =
    "a captured conversation is what happened: it cannot be run again with other settings";
}  // namespace

Session::Session(std::filesystem::path content_dir)
    : content_dir_(std::move(content_dir)), catalog_(load_catalog(content_dir_)) {}

std::unique_ptr<Run> Session::make_run(const RunOptions& options,
                                       const LayoutOptions& layout) const {
  return make_run(run_scenario(scenario_->spec, options), layout);
}

std::unique_ptr<Run> Session::make_run(Trace trace, const LayoutOptions& layout) const {
  auto run = std::make_unique<Run>();
  run->trace = std::move(trace);
  run->index.emplace(run->trace);
  run->layout = layout_trace(run->trace, layout);
  run->narration_anchors = anchor_narrations(scenario_->narration, run->trace);
  return run;
}

void Session::open(const std::string& id_or_path, const RunOptions& options) {
  // Everything is built aside first, so a scenario that fails leaves the old one showing.
  // A catalog id was parsed when the catalog was loaded; a path is read now.
  const CatalogEntry* known = find_entry(catalog_, id_or_path);
  Scenario loaded = known ? *known->scenario : load_scenario_arg(content_dir_, id_or_path);
  std::optional<Scenario> previous = std::exchange(scenario_, std::move(loaded));
  std::unique_ptr<Run> run;
  try {
    run = make_run(options, main_layout_);
  } catch (...) {
    scenario_ = std::move(previous);
    throw;
  }
  options_ = options;
  recorded_ = false;
  show(std::move(run));
}

void Session::open_trace(Scenario named, Trace trace) {
  std::optional<Scenario> previous = std::exchange(scenario_, std::move(named));
  std::unique_ptr<Run> run;
  try {
    run = make_run(std::move(trace), main_layout_);
  } catch (...) {
    scenario_ = std::move(previous);
    throw;
  }
  options_ = {};
  recorded_ = true;
  show(std::move(run));
}

void Session::show(std::unique_ptr<Run> run) {
  branch_.reset();
  branch_rule_.reset();
  selected_segment.reset();
  playback_ = std::make_unique<Playback>(run->trace, run->layout, run->narration_anchors);
  run_ = std::move(run);
}

// A new cursor (over a new run or layout) takes over the old one's speed, step and playing.
void Session::keep_cursor(std::unique_ptr<Playback>& fresh) const {
  if (!playback_) return;
  fresh->set_speed(playback_->speed());
  fresh->seek_step(std::min(playback_->step(), fresh->step_count()));
  if (playback_->playing()) fresh->play();
}

void Session::set_layout(const LayoutOptions& main, const LayoutOptions& branch) {
  if (main == main_layout_ && branch == branch_layout_) return;
  const bool main_changed = !(main == main_layout_);
  main_layout_ = main;
  branch_layout_ = branch;
  if (!run_) return;
  if (branch_) branch_->layout = layout_trace(branch_->trace, branch_layout_);
  if (!main_changed) return;
  // The old cursor keeps only its step, speed and playing from here on (its y are stale).
  run_->layout = layout_trace(run_->trace, main_layout_);
  auto playback = std::make_unique<Playback>(run_->trace, run_->layout, run_->narration_anchors);
  keep_cursor(playback);
  playback_ = std::move(playback);
}

void Session::rerun() {
  auto run = make_run(options_, main_layout_);
  std::unique_ptr<Run> branch;
  if (branch_rule_) {
    RunOptions with_drop = options_;
    with_drop.extra_rules.push_back(*branch_rule_);
    branch = make_run(with_drop, branch_layout_);
  }
  auto playback = std::make_unique<Playback>(run->trace, run->layout, run->narration_anchors);
  keep_cursor(playback);
  playback_ = std::move(playback);  // before the run it points into is replaced
  run_ = std::move(run);
  branch_ = std::move(branch);
  if (selected_segment && *selected_segment >= run_->trace.segments.size()) {
    selected_segment.reset();
  }
}

std::string Session::set_sysctl(const std::string& name, const std::string& value) {
  try {
    return set_sysctl(parse_sysctl(name, value));
  } catch (const SysctlError& e) {
    if (!e.unknown_name()) return e.what();
    const std::string hint = closest_knob(name);
    return fmt::format("unknown sysctl '{}'{}", name,
                       hint.empty() ? "" : fmt::format(" (did you mean {}?)", hint));
  }
}

std::string Session::set_sysctl(Knob knob, std::int64_t value) {
  try {
    return set_sysctl(checked_sysctl(knob, value));
  } catch (const SysctlError& e) {
    return e.what();
  }
}

std::string Session::set_sysctl(const SysctlSetting& setting) {
  if (!is_open()) return "no scenario is open";
  if (recorded_) return kRecordedError;
  RunOptions before = options_;
  std::erase_if(options_.sysctls, [&](const SysctlSetting& s) { return s.knob == setting.knob; });
  options_.sysctls.push_back(setting);
  return rerun_or_restore(std::move(before));
}

void Session::reset_sysctls() {
  options_.sysctls.clear();
  if (is_open() && !recorded_) rerun();
}

std::string Session::set_profile(const std::string& profile) {
  if (!profile.empty() && !Sysctls::for_profile(profile)) {
    std::string valid;
    for (auto p : kProfiles) valid += fmt::format("{}{}", valid.empty() ? "" : ", ", p);
    return fmt::format("unknown profile '{}'; valid: {}", profile, valid);
  }
  if (recorded_) return kRecordedError;
  RunOptions before = options_;
  options_.profile = profile.empty() ? std::nullopt : std::optional<std::string>(profile);
  if (!is_open()) return {};
  return rerun_or_restore(std::move(before));
}

std::string Session::rerun_or_restore(RunOptions before) {
  try {
    rerun();
  } catch (const SetupError& e) {
    options_ = std::move(before);  // the run shown stays the last good one
    return e.what();
  }
  return {};
}

bool Session::what_if_drop(std::uint32_t segment) {
  if (!is_open() || recorded_) return false;
  auto rule = drop_rule_for(run_->trace, segment);
  if (!rule) return false;
  RunOptions with_drop = options_;
  with_drop.extra_rules.push_back(*rule);
  branch_ = make_run(with_drop, branch_layout_);
  branch_rule_ = std::move(rule);
  return true;
}

void Session::clear_branch() {
  branch_.reset();
  branch_rule_.reset();
}

}  // namespace synack
