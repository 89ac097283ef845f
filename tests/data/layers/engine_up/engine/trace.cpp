#include "trace.hpp"

#include "app/base/utf8.hpp"  // the engine knows nothing of the app
