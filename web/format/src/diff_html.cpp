#include "ember/format/diff_html.h"

#include "ui_page.h"

namespace ember::format {

std::string write_diff_html(const profile::Profile& base, const profile::Profile& after,
                            const std::string& title) {
  // The page opens the profile in "ember-profile" and, when "ember-base-profile" is there too,
  // shows the diff against it.
  return ui_page(
      title, profile_element("ember-base-profile", base) + profile_element("ember-profile", after));
}

}  // namespace ember::format
