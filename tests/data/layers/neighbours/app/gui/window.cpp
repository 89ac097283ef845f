#include "app/cli/cli.hpp"  // the window may not use the command line
