#include "ember/server/auth.h"

#include <fstream>

namespace ember::server {

namespace {

// Tokens travel in a header and a cookie: keep to characters that need no quoting in either.
bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "Bearer ";
  if (!authorization.starts_with(scheme)) return std::nullopt;
  return trim(authorization.substr(scheme.size()));
}

std::optional<std::string_view> cookie_value(std::string_view cookies, std::string_view name) {
  while (!cookies.empty()) {
    const size_t end = cookies.find(';');
    std::string_view pair = trim(cookies.substr(0, end));
    cookies = end == std::string_view::npos ? std::string_view() : cookies.substr(end + 1);
    const size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name)
      return pair.substr(equals + 1);
  }
  return std::nullopt;
}

constexpr const char* kLoginPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ember: sign in</title>
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:24em}
input,button{font:inherit;padding:.4em}input{width:100%;box-sizing:border-box}</style></head>
<body><h1>ember</h1><p>This emberd needs its access token (the contents of its --token-file).</p>
<form method="post" action="/login"><p><input type="password" name="token" autofocus
autocomplete="current-password" aria-label="token"></p><p><button>Sign in</button></p></form>
</body></html>
)";

Response login(const Auth& auth, const std::string& token) {
  if (!auth.matches(token))
    return json_error(401, "wrong token: use the contents of emberd's --token-file");
  Response response = make_response(303, "text/plain", "signed in\n");
  response.headers.emplace_back("Location", "/");
  response.headers.emplace_back("Set-Cookie", std::string(kTokenCookie) + "=" + token +
                                                  "; Path=/; HttpOnly; SameSite=Strict");
  return response;
}

}  // namespace

Auth::Auth(std::optional<std::string> token) : token_(std::move(token)) {}

bool Auth::matches(std::string_view candidate) const {
  if (!token_) return true;
  const std::string& token = *token_;
  // Every byte of the token is compared whatever the candidate holds, so the time taken
  // says nothing about how much of it was right.
  unsigned difference = candidate.size() == token.size() ? 0 : 1;
  for (size_t i = 0; i < token.size(); ++i) {
    const char other = i < candidate.size() ? candidate[i] : 0;
    difference |= static_cast<unsigned char>(token[i] ^ other);
  }
  return difference == 0;
}

bool Auth::allows(const Request& request) const {
  if (!token_ || request.path == "/login") return true;
  const std::string authorization = request.header("authorization");
  if (auto bearer = bearer_token(authorization); bearer && matches(*bearer)) return true;
  const std::string cookies = request.header("cookie");
  auto cookie = cookie_value(cookies, kTokenCookie);
  return cookie && matches(*cookie);
}

Result<std::string> read_token_file(const std::string& path) {
  std::ifstream file(path);
  std::string line;
  if (!file || !std::getline(file, line))
    return make_error("cannot read the token file '" + path + "': check it exists and is readable");
  const std::string token(trim(line));
  if (token.empty())
    return make_error("the token file '" + path +
                      "' is empty: put a random token on its first line");
  for (char c : token)
    if (!is_token_char(c))
      return make_error(
          "the token in '" + path +
          "' has characters that cannot go in a header: use letters, digits and -_.~+/=");
  return token;
}

void add_login_routes(Router& router, const Auth& auth) {
  router.on("GET", "/login", [auth](const Request& request) {
    if (auto token = request.query_value("token")) return login(auth, *token);
    return make_response(200, "text/html; charset=utf-8", kLoginPage);
  });
  router.on("POST", "/login", [auth](const Request& request) {
    auto form = parse_query(request.body);
    if (!form) return json_error(400, "malformed login form: " + form.error().message);
    auto token = form->find("token");
    return login(auth, token == form->end() ? std::string() : token->second);
  });
}

}  // namespace ember::server
