-- wrk script: each request reads the next page of 100 rows after a random id, as a client paging with
-- next_cursor does (the cursor becomes the same `id > ...` condition), with the bearer token from the environment.
local token = os.getenv("STRATA_BENCH_TOKEN") or ""
local rows = tonumber(os.getenv("STRATA_BENCH_ROWS") or "100000")
local model = os.getenv("STRATA_BENCH_MODEL") or "bench.orders"

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

function request()
  local after = math.random(0, rows - 100)
  local path = "/api/models/" .. model .. "/rows?order=id&limit=100&id=gt." .. after
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors_status=%d errors_connect=%d errors_read=%d errors_timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
