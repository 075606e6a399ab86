// The web UI as one self-contained page: index.html with its CSS and scripts inlined and
// profiles carried as JSON data elements, so it needs no second request and works from file://.
#pragma once

#include <string>
#include <string_view>

#include "ember/profile/profile.h"

namespace ember::format {

// <script type="application/json" id="ID">profile JSON</script>: parsed as data by the page,
// never run, so no function name can become markup or code.
std::string profile_element(std::string_view id, const profile::Profile& profile);

// The page, titled `title` (escaped), with `data_elements` where index.html marks the profile.
std::string ui_page(const std::string& title, std::string_view data_elements);

}  // namespace ember::format
