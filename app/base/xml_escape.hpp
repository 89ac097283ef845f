#pragma once
// Text made safe for XML and HTML: character data and attribute values of the SVG export,
// the Anki CSV's HTML fields and the interview sheet.

#include <string>
#include <string_view>

namespace synack {

std::string xml_escape(std::string_view text);

}  // namespace synack
