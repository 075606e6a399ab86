#include "ember/server/ui_files.h"

#include "ember/format/ui_assets.h"

namespace ember::server {

Response ui_file(const Request& request) {
  auto asset = format::ui_asset(request.path);
  if (!asset) return json_error(404, "not found: " + request.path.substr(0, 200));
  return make_response(200, std::string(asset->content_type), std::string(asset->bytes));
}

}  // namespace ember::server
