#include "app/content/parts.hpp"

#include "app/content/loader.hpp"  // loader.cpp includes parts.hpp: a cycle
