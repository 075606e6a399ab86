#include "ember/server/auth.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ember::server {
namespace {

Request with_header(const std::string& name, const std::string& value) {
  Request request;
  request.path = "/api/sessions";
  request.headers[name] = value;
  return request;
}

TEST(Auth, WithoutTokenEverythingIsAllowed) {
  Auth auth;
  EXPECT_FALSE(auth.required());
  EXPECT_TRUE(auth.allows(Request{}));
}

TEST(Auth, AcceptsBearerOrCookieAndNothingElse) {
  Auth auth(std::string("s3cret"));
  EXPECT_TRUE(auth.allows(with_header("authorization", "Bearer s3cret")));
  EXPECT_TRUE(auth.allows(with_header("cookie", "a=b; ember_token=s3cret; c=d")));
  EXPECT_FALSE(auth.allows(with_header("authorization", "Bearer s3cre")));
  EXPECT_FALSE(auth.allows(with_header("authorization", "Bearer s3cret2")));
  EXPECT_FALSE(auth.allows(with_header("authorization", "Basic s3cret")));
  EXPECT_FALSE(auth.allows(with_header("cookie", "other_token=s3cret")));
  EXPECT_FALSE(auth.allows(with_header("cookie", "ember_token=")));
  EXPECT_FALSE(auth.allows(with_header("x-other", "")));
  Request login = with_header("x-other", "");
  login.path = "/login";
  EXPECT_TRUE(auth.allows(login));  // where the cookie comes from
  EXPECT_FALSE(auth.matches(""));
  EXPECT_TRUE(auth.matches("s3cret"));
}

TEST(Auth, ReadsTheTokenFileFirstLineTrimmed) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "ember-auth-test-token").string();
  std::ofstream(path) << "  abc-DEF_123.~+/=  \nsecond line\n";
  EXPECT_EQ(read_token_file(path).value(), "abc-DEF_123.~+/=");
  std::ofstream(path) << "\n";
  EXPECT_FALSE(read_token_file(path).ok());
  std::ofstream(path) << "has;semicolon\n";
  EXPECT_FALSE(read_token_file(path).ok());
  std::filesystem::remove(path);
  EXPECT_FALSE(read_token_file(path).ok());
}

}  // namespace
}  // namespace ember::server
