#include "trace.hpp"  // the engine's includes are relative: allowed there
