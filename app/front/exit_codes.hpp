#pragma once
// The process's exit codes, the same for the command line and the window.

namespace synack {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the run itself failed (engine error, cannot write)
inline constexpr int kExitUsage = 2;    // bad arguments, unknown scenario, bad scenario file

}  // namespace synack
