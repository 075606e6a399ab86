// Token authentication: `Authorization: Bearer TOKEN` or the `ember_token` cookie that
// /login sets. Without a token every request is allowed (loopback only, enforced at startup).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ember/result.h"
#include "ember/server/request.h"
#include "ember/server/router.h"

namespace ember::server {

inline constexpr std::string_view kTokenCookie = "ember_token";

class Auth {
 public:
  explicit Auth(std::optional<std::string> token = std::nullopt);

  bool required() const { return token_.has_value(); }
  // Whether the request carries the token (always true when none is required). /login is
  // public so that a browser can get its cookie.
  bool allows(const Request& request) const;
  // Compares in time independent of where the strings differ.
  bool matches(std::string_view candidate) const;

 private:
  std::optional<std::string> token_;
};

// Reads a token file: its first line, trimmed. Fails when it is unreadable, empty, or holds
// characters that cannot travel in a header or cookie.
Result<std::string> read_token_file(const std::string& path);

// GET /login (a form), GET /login?token=T and POST /login (form field `token`): set the cookie
// and redirect to the UI.
void add_login_routes(Router& router, const Auth& auth);

}  // namespace ember::server
