#pragma once
// Program steps for the engine benchmarks, which build their scenarios in code.
#include <cstdint>
#include <string>

#include "engine/scenario.hpp"

namespace synack::bench {

inline StepSpec step(AppCall call, std::int64_t bytes = 0) {
  StepSpec s;
  s.call = call;
  s.bytes = bytes;
  return s;
}

inline StepSpec listen_step(std::uint16_t port, int backlog = 128) {
  StepSpec s = step(AppCall::listen);
  s.port = port;
  s.backlog = backlog;
  return s;
}

inline StepSpec connect_step(const std::string& peer, std::uint16_t port) {
  StepSpec s = step(AppCall::connect);
  s.peer = peer;
  s.port = port;
  return s;
}

}  // namespace synack::bench
