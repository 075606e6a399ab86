#include "ember/server/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace ember::server {
namespace {

Response dispatch(const Router& router, const std::string& method, const std::string& path) {
  Response answer = make_response(0, "", "");
  Request request;
  request.method = method;
  request.path = path;
  int calls = 0;
  router.dispatch(request, [&](Response response) {
    answer = std::move(response);
    ++calls;
  });
  EXPECT_EQ(calls, 1);
  return answer;
}

Router sample_router() {
  Router router;
  router.on("GET", "/api/sessions", [](const Request&) { return json_response(200, "list"); });
  router.on("GET", "/api/sessions/{id}",
            [](const Request& r) { return json_response(200, "get " + r.param("id")); });
  router.on("POST", "/api/sessions/{id}/markers",
            [](const Request& r) { return json_response(201, "mark " + r.param("id")); });
  router.on("GET", "/boom", [](const Request&) -> Response { throw std::runtime_error("kaput"); });
  router.on_async("GET", "/twice", [](const Request&, Respond respond) {
    respond(json_response(200, "first"));
    respond(json_response(200, "second"));
  });
  router.fallback([](const Request& r) { return json_response(200, "file " + r.path); });
  return router;
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  const Router router = sample_router();
  EXPECT_EQ(dispatch(router, "GET", "/api/sessions").body, "list");
  EXPECT_EQ(dispatch(router, "GET", "/api/sessions/7").body, "get 7");
  EXPECT_EQ(dispatch(router, "POST", "/api/sessions/7/markers").body, "mark 7");
}

TEST(Router, UnknownPathsMethodsAndEmptySegments) {
  const Router router = sample_router();
  EXPECT_EQ(dispatch(router, "DELETE", "/api/sessions/7").status, 405);
  EXPECT_EQ(dispatch(router, "POST", "/api/nothing").status, 404);
  EXPECT_EQ(dispatch(router, "GET", "/api/sessions/").body,
            "file /api/sessions/");  // no empty {id}
  EXPECT_EQ(dispatch(router, "GET", "/app.js").body, "file /app.js");
}

TEST(Router, ThrowingHandlerAnswers500AndRespondRunsOnce) {
  const Router router = sample_router();
  const Response boom = dispatch(router, "GET", "/boom");
  EXPECT_EQ(boom.status, 500);
  EXPECT_NE(boom.body.find("kaput"), std::string::npos);
  EXPECT_EQ(dispatch(router, "GET", "/twice").body, "first");
}

}  // namespace
}  // namespace ember::server
