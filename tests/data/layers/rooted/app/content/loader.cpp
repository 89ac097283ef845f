#include "loader.hpp"  // must read "app/content/loader.hpp"
