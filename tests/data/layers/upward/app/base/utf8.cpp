#include "app/gui/window.hpp"  // upward: base is the bottom of app/
