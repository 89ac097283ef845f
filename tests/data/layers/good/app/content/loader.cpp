#include "app/content/loader.hpp"

#include <string>  // not a project file

#include "app/content/parts.hpp"
