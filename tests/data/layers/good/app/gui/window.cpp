#include "app/content/loader.hpp"
