#pragma once
// `synack run`: a scenario run once, its trace written as an ASCII diagram, JSON, Mermaid,
// SVG or a pcap capture.
// The command line parses the options into RunArgs; the window, when there is no display,
// prints the same text diagram through here.

#include <cstdint>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/content/scenario.hpp"
#include "engine/trace.hpp"

namespace synack {

struct RunArgs {
  std::string scenario = "handshake";  // an id, or a path to a .toml file
  std::string profile;                 // "": the scenario's own
  std::vector<std::string> sets;       // --set NAME=VALUE
  std::vector<std::string> drops;      // --drop HOST:FLAGS[#N]
  std::optional<std::uint64_t> seed;
  std::string format = "text";  // text, json, mermaid, svg or pcap
  std::string lang = "en";
  std::string output;            // "" or "-": stdout
  bool out_is_terminal = false;  // stdout is a terminal: no binary pcap there
  bool segments = false;
  bool timers = false;
};

// A mistake in what the user typed: message to stderr, exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The engine's sysctl profiles, "a, b", for help texts.
std::string profile_list();
// Throws UsageError unless `profile` is "" or one of the engine's profiles.
void check_profile(const std::string& profile);

// The scenario loaded and run with args' profile, --set, --drop and seed. Throws UsageError
// for a mistake in them (an unknown id, a bad rule, a setup error with its file and line).
struct LoadedRun {
  Scenario scenario;
  Trace trace;
};
LoadedRun load_and_run(const RunArgs& args);

// Runs the scenario and writes its trace to args.output, or to `out`. A mistake or failure
// goes to `err` as "synack: ..."; returns the exit code (app/front/exit_codes.hpp).
int run_command(const RunArgs& args, std::ostream& out, std::ostream& err);

}  // namespace synack
