#include "profile_download.h"

#include "ember/format/profile_json.h"

namespace ember::emberd {

Result<ProfileFormat> parse_profile_format(const std::string& name) {
  if (name == "json") return ProfileFormat{};
  auto file_format = format::format_named(name);
  if (!file_format) return make_error(file_format.error().message + " (or json)");
  return ProfileFormat{*file_format};
}

Result<server::Response> profile_response(const profile::Profile& profile, ProfileFormat format,
                                          const std::string& file_stem) {
  if (!format) return server::json_response(200, format::write_profile_json(profile));
  auto bytes = format->render(profile, file_stem);
  if (!bytes) return bytes.error();
  return server::attachment(std::string(format->content_type), std::move(*bytes),
                            file_stem + std::string(format->extension));
}

}  // namespace ember::emberd
