#pragma once
// `synack pcap FILE`: a capture's TCP conversations, each endpoint's state inferred packet by
// packet, drawn as `synack run` draws a scenario (text, JSON in the trace format, Mermaid).

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace synack {

struct PcapArgs {
  std::string file;
  std::string format = "text";  // text, json or mermaid
  std::optional<std::uint32_t> stream;
  std::string lang = "en";
  std::string output;  // "": stdout
  bool segments = false;
};

// Registers the subcommand and its options on `app`, filling `args` when parsed.
CLI::App* add_pcap_command(CLI::App& app, PcapArgs& args);

// What was read goes to `out` (or args.output), then a broken file's error to `err`: exit
// code 1 for a file that could not be read to its end, 2 for a stream that is not there.
// Progress goes to standard error while reading when it is a terminal.
int cmd_pcap(const PcapArgs& args, std::ostream& out, std::ostream& err);

}  // namespace synack
