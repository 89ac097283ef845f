#include "app/content/loader.hpp"

#include "app/content/parts.hpp"
