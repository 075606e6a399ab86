-- wrk script that posts markers to an emberd session when the run starts and ends.
--   EMBER_SESSION=3 wrk -t4 -c64 -d60s -s wrk_markers.lua http://127.0.0.1:8080/
-- Environment: EMBER_SESSION (required for markers), EMBER_SERVER (default
-- http://127.0.0.1:7070), EMBER_TOKEN_FILE (when emberd runs with --token-file).
-- wrk's Lua cannot open other connections, so the markers go through `ember mark`
-- (or curl, when ember is not on the PATH).

local session = os.getenv("EMBER_SESSION")
local server = os.getenv("EMBER_SERVER") or "http://127.0.0.1:7070"
local token_file = os.getenv("EMBER_TOKEN_FILE")

local function quote(text)
  return "'" .. tostring(text):gsub("'", "'\\''") .. "'"
end

local function mark(label)
  if not session then return end
  local command = "ember mark " .. quote(session) .. " " .. quote(label) .. " --server " .. quote(server)
  if token_file then command = command .. " --token-file " .. quote(token_file) end
  local status = os.execute(command .. " >/dev/null 2>&1")
  if status ~= 0 and status ~= true then  -- LuaJIT returns 0, Lua 5.2+ true
    local auth = ""
    if token_file then
      local file = io.open(token_file)
      if file then auth = " -H " .. quote("Authorization: Bearer " .. file:read("*l")); file:close() end
    end
    os.execute("curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -H 'X-Ember: 1'" .. auth ..
               " -d " .. quote('{"label": "' .. label .. '"}') ..
               " " .. quote(server .. "/api/sessions/" .. session .. "/markers"))
  end
end

-- setup() runs once per thread, in the main thread, before the run: mark only once.
local marked_start = false
function setup(thread)
  if not marked_start then
    mark("wrk start")
    marked_start = true
  end
end

function done(summary, latency, requests)
  mark("wrk end")
end
