#pragma once
int utf8_length(const char* text);
