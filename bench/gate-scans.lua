-- wrk script for the gate bench: every request is a new scan (unique clientScanId) with one of
-- the prepared health codes. Codes, cookie and checkpoint come from environment variables.
local threads = {}
local thread_index = 0

function setup(thread)
  thread_index = thread_index + 1
  thread:set("tid", thread_index)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("GATE_CODES_FILE"), "r"))
  codes = {}
  for line in f:lines() do table.insert(codes, line) end
  f:close()
  checkpoint = os.getenv("GATE_CHECKPOINT")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Cookie"] = os.getenv("GATE_COOKIE")
  counter = 0
end

function request()
  counter = counter + 1
  local id = string.format("%08x-%04x-4%03x-8%03x-%04x%08x", 0x6a7e5000, tid, 0, 0, tid, counter)
  local code = codes[(counter % #codes) + 1]
  local body = '{"clientScanId":"' .. id .. '","checkpointId":"' .. checkpoint .. '","deviceId":"wrk-' .. tid .. '","healthCode":"' .. code .. '","temperature":36.5}'
  return wrk.format(nil, nil, nil, body)
end
