-- GET the first page of 50 items.
dofile(os.getenv("BENCH_SCRIPTS") .. "/common.lua")
wrk.path = "/api/items?limit=50"
