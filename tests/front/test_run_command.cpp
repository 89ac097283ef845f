// `synack run --format pcap` through run_command: a binary capture is never written to a
// terminal, goes to stdout when it is a pipe, and a file that cannot be written is named.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "app/front/exit_codes.hpp"
#include "app/front/run_command.hpp"
#include "tests/support/scratch.hpp"

namespace synack {

TEST_CASE("synack run --format pcap: no binary on a terminal, and errors name the file") {
  RunArgs args;
  args.scenario = "handshake";
  args.format = "pcap";
  args.out_is_terminal = true;
  std::ostringstream out, err;
  CHECK(run_command(args, out, err) == kExitUsage);
  CHECK(out.str().empty());
  CHECK_THAT(err.str(), Catch::Contains("binary") && Catch::Contains("-o FILE"));
  args.output = "-";  // stdout too
  CHECK(run_command(args, out, err) == kExitUsage);
  CHECK(out.str().empty());

  args.out_is_terminal = false;  // a pipe: the capture goes to stdout
  err.str("");
  CHECK(run_command(args, out, err) == kExitOk);
  CHECK(out.str().substr(0, 4) == std::string("\xd4\xc3\xb2\xa1", 4));  // pcap, microseconds

  args.output = (test::scratch_dir("pcap-export", "x") / "no-such-dir" / "h.pcap").string();
  CHECK(run_command(args, out, err) == kExitFailure);
  CHECK_THAT(err.str(), Catch::Contains(args.output));
}

}  // namespace synack
