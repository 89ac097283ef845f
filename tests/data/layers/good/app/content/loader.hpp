#pragma once
#include "app/base/utf8.hpp"
#include "engine/trace.hpp"
