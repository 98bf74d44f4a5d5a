-- GET /api/items/{id} over random seeded ids (BENCH_IDS: one id a line).
dofile(os.getenv("BENCH_SCRIPTS") .. "/common.lua")

local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
  ids[#ids + 1] = line
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_number or 0))
end

function request()
  return wrk.format("GET", "/api/items/" .. ids[math.random(#ids)])
end
