#include "ember/format/html.h"

#include "ui_page.h"

namespace ember::format {

std::string write_html(const profile::Profile& profile, const std::string& title) {
  return ui_page(title, profile_element("ember-profile", profile));
}

}  // namespace ember::format
