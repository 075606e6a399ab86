#include "profile_download.h"

#include "ember/format/folded.h"
#include "ember/format/html.h"
#include "ember/format/profile_json.h"
#include "ember/format/speedscope.h"
#include "ember/format/svg.h"
#include "ember/profile/pprof.h"

namespace ember::emberd {

Result<ProfileFormat> parse_profile_format(const std::string& name) {
  if (name == "json") return ProfileFormat::json;
  if (name == "pprof") return ProfileFormat::pprof;
  if (name == "folded") return ProfileFormat::folded;
  if (name == "speedscope") return ProfileFormat::speedscope;
  if (name == "svg") return ProfileFormat::svg;
  if (name == "html") return ProfileFormat::html;
  return make_error("unknown format '" + name.substr(0, 40) +
                    "': use json, pprof, folded, speedscope, svg or html");
}

Result<server::Response> profile_response(const profile::Profile& profile, ProfileFormat format,
                                          const std::string& file_stem) {
  switch (format) {
    case ProfileFormat::json:
      return server::json_response(200, format::write_profile_json(profile));
    case ProfileFormat::pprof: {
      auto bytes = profile::write_pprof(profile);
      if (!bytes) return bytes.error();
      return server::attachment("application/octet-stream", std::move(*bytes),
                                file_stem + ".pb.gz");
    }
    case ProfileFormat::folded:
      return server::attachment("text/plain; charset=utf-8",
                                format::write_folded(profile, profile.default_value_index()),
                                file_stem + ".folded");
    case ProfileFormat::speedscope:
      return server::attachment("application/json", format::write_speedscope(profile),
                                file_stem + ".speedscope.json");
    case ProfileFormat::svg:
      return server::attachment(
          "image/svg+xml", format::write_svg(profile, profile.default_value_index(), file_stem),
          file_stem + ".svg");
    case ProfileFormat::html:
      return server::attachment("text/html; charset=utf-8", format::write_html(profile, file_stem),
                                file_stem + ".html");
  }
  return make_error("unknown format");
}

}  // namespace ember::emberd
