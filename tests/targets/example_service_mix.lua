-- wrk script: spreads requests over the example service's endpoints, in equal shares, with
-- random cache keys.   wrk -t2 -c16 -d10s -s example_service_mix.lua http://127.0.0.1:PORT
local paths = {"/hash", "/cache", "/alloc", "/sleep"}
local next_path = 0

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or 1)
end

function request()
  next_path = next_path % #paths + 1
  local path = paths[next_path]
  if path == "/cache" then path = path .. "?key=" .. math.random(0, 4999) end
  return wrk.format("GET", path)
end
