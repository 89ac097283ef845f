#include <catch2/catch.hpp>

#include "app/content/drop_rule.hpp"

using namespace synack;

TEST_CASE("drop rule: host and a single flag") {
  RuleSpec r = parse_drop_rule("client:SYN");
  CHECK(r.action == RuleAction::drop);
  CHECK(r.match.from == "client");
  REQUIRE(r.match.flags.has_value());
  CHECK(*r.match.flags == kSyn);
  CHECK(r.match.nth == 0);  // every match
}

TEST_CASE("drop rule: flag set in any order and case is an exact set") {
  RuleSpec a = parse_drop_rule("server:SYN,ACK");
  RuleSpec b = parse_drop_rule("server:ack,syn");
  REQUIRE(a.match.flags.has_value());
  CHECK(*a.match.flags == (kSyn | kAck));
  CHECK(b.match.flags == a.match.flags);
  CHECK(*parse_drop_rule("server:FIN,ACK,PSH").match.flags == (kFin | kAck | kPsh));
}

TEST_CASE("drop rule: star matches any segment") {
  RuleSpec r = parse_drop_rule("client:*");
  CHECK(r.match.from == "client");
  CHECK_FALSE(r.match.flags.has_value());
}

TEST_CASE("drop rule: #N picks the N-th match") {
  RuleSpec r = parse_drop_rule("server:SYN,ACK#2");
  CHECK(*r.match.flags == (kSyn | kAck));
  CHECK(r.match.nth == 2);
  CHECK(parse_drop_rule("client:*#3").match.nth == 3);
  CHECK_FALSE(parse_drop_rule("client:*#3").match.flags.has_value());
}

TEST_CASE("drop rule: bad input gets a message naming the problem") {
  auto message = [](std::string_view text) {
    try {
      parse_drop_rule(text);
    } catch (const DropRuleError& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  CHECK_THAT(message("client"), Catch::Contains("missing ':FLAGS'"));
  CHECK_THAT(message(":SYN"), Catch::Contains("missing host"));
  CHECK_THAT(message("client:"), Catch::Contains("missing FLAGS"));
  CHECK_THAT(message("client:SYNN"), Catch::Contains("unknown flag 'SYNN'"));
  CHECK_THAT(message("client:SYNN"), Catch::Contains("SYN, ACK, FIN, RST, PSH, URG"));
  CHECK_THAT(message("client:SYN,,ACK"), Catch::Contains("empty flag"));
  CHECK_THAT(message("client:SYN#0"), Catch::Contains("positive"));
  CHECK_THAT(message("client:SYN#x"), Catch::Contains("positive"));
  CHECK_THAT(message("client:SYN#"), Catch::Contains("positive"));
  CHECK_THAT(message("client:SYN#-1"), Catch::Contains("positive"));
  // Every message quotes what was typed, so a long command line is easy to fix.
  CHECK_THAT(message("client:SYNN"), Catch::StartsWith("--drop 'client:SYNN'"));
}
