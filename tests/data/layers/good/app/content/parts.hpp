#pragma once
#include "app/base/utf8.hpp"
