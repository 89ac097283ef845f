#include "app/cli/cli.hpp"
#include "app/gui/window.hpp"
