-- Shared by every wrk script. Each thread stops after its request budget (wrk -d bounds the
-- time); done() prints one JSON line with the figures bench/run reads (and the histogram, below).
local budget = tonumber(os.getenv("BENCH_MAX_REQUESTS_PER_THREAD") or "2000000")
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then
  wrk.headers["Authorization"] = "Basic " .. auth
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local answered = 0
function response(status, headers, body)
  answered = answered + 1
  if answered >= budget then
    wrk.thread:stop()
  end
end

-- BENCH_LATENCIES: a file for the latency histogram, "MICROSECONDS COUNT" a line in ascending
-- order, from which bench/run joins the slices of a round into one p50 and p99.
local function write_latencies(path, latency)
  local file = assert(io.open(path, "w"))
  for i = 1, #latency do
    local microseconds, count = latency(i)
    file:write(string.format("%d %d\n", microseconds, count))
  end
  file:close()
end

function done(summary, latency, requests)
  local latencies = os.getenv("BENCH_LATENCIES")
  if latencies and latencies ~= "" then
    write_latencies(latencies, latency)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
