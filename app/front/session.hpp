#pragma once
// What the visualizer is showing, with no UI library: the catalog, the open scenario, its
// trace and layout, the playback cursor, sysctl changes and what-if drops, the language.
// The ImGui views read and change this; tests drive it directly.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/content/scenario.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/draw/diagram_layout.hpp"
#include "app/draw/playback.hpp"
#include "app/run/trace_index.hpp"
#include "engine/simulator.hpp"

namespace synack {

struct Run {
  Run() = default;
  Run(const Run&) = delete;  // `index` points into `trace`
  Run& operator=(const Run&) = delete;

  Trace trace;
  std::optional<TraceIndex> index;  // built once, right after the run; every view reads it
  Layout layout;
  std::vector<std::optional<std::size_t>> narration_anchors;  // per Scenario::narration
};

class Session {
 public:
  Session() : Session(find_content_dir()) {}
  explicit Session(std::filesystem::path content_dir);

  const Catalog& catalog() const { return catalog_; }
  const std::filesystem::path& content_dir() const { return content_dir_; }

  // Opens a scenario (id or .toml path) and runs it with default options (its own profile,
  // no overrides). Throws the catalog's errors (UnknownScenarioError, ScenarioError) and
  // SetupError; on a throw the session keeps what it had open. `options`: a quiz's "Watch
  // it" reproduces a generated item's own run (seed, sysctls, losses).
  void open(const std::string& id_or_path, const RunOptions& options = {});
  bool is_open() const { return scenario_.has_value(); }
  const Scenario& scenario() const { return *scenario_; }

  // Shows a trace that was not simulated (a conversation read from a capture) like a
  // scenario: `named` gives its id, title and summary. It is what happened, so it is never
  // re-run: sysctl and profile changes return an error and what-if drops are refused.
  void open_trace(Scenario named, Trace trace);
  bool is_recorded() const { return recorded_; }

  // The main run and, after a what-if, the branch run beside it.
  const Run& run() const { return *run_; }
  const Run* branch() const { return branch_.get(); }
  Playback& playback() { return *playback_; }
  const Playback& playback() const { return *playback_; }

  // Options of the main run; changing them re-simulates at once (the cursor keeps its step
  // where it can, and a what-if branch is re-run with the same drop rule). Errors are
  // returned as text for the panel ("" on success) and leave the options unchanged.
  const RunOptions& options() const { return options_; }
  // Changes a sysctl and runs again: "" or what is wrong, for the user. The text form is
  // parsed once, by the engine's parse_sysctl; the others are already typed.
  std::string set_sysctl(const std::string& name, const std::string& value);
  std::string set_sysctl(Knob knob, std::int64_t value);
  std::string set_sysctl(const SysctlSetting& setting);
  void reset_sysctls();
  std::string set_profile(const std::string& profile);  // "" = the scenario's own; "" or error

  // What-if: re-run with this segment of the main run dropped; the result is the branch.
  // Returns false for a segment that cannot be singled out (attacker, spoofed, or already
  // taken by a rule).
  bool what_if_drop(std::uint32_t segment);
  void clear_branch();
  const std::optional<RuleSpec>& branch_rule() const { return branch_rule_; }  // drop_rule_text()

  // How the runs are laid out (app/draw/diagram_layout.hpp): the window passes the width and
  // text size of the main run's pane and of the branch's. The open runs are laid out again
  // only when something changed; the cursor keeps its step. A measure passed here must
  // outlive the session (runs are laid out again after a sysctl change).
  void set_layout(const LayoutOptions& main, const LayoutOptions& branch);
  const LayoutOptions& layout_options() const { return main_layout_; }

  Lang lang = Lang::en;
  std::optional<std::uint32_t> selected_segment;  // shown in the inspector

 private:
  void rerun();
  // Re-runs with the changed options_; on a SetupError puts `before` back and returns it.
  std::string rerun_or_restore(RunOptions before);
  std::unique_ptr<Run> make_run(const RunOptions& options, const LayoutOptions& layout) const;
  std::unique_ptr<Run> make_run(Trace trace, const LayoutOptions& layout) const;
  void show(std::unique_ptr<Run> run);
  void keep_cursor(std::unique_ptr<Playback>& fresh) const;

  std::filesystem::path content_dir_;
  Catalog catalog_;
  std::optional<Scenario> scenario_;
  bool recorded_ = false;  // the open trace came from open_trace()
  RunOptions options_;
  std::unique_ptr<Run> run_;
  std::unique_ptr<Run> branch_;
  std::optional<RuleSpec> branch_rule_;
  std::unique_ptr<Playback> playback_;
  LayoutOptions main_layout_, branch_layout_;
};

}  // namespace synack
