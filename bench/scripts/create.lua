-- POST a new item; every request creates one row (201).
dofile(os.getenv("BENCH_SCRIPTS") .. "/common.lua")
wrk.method = "POST"
wrk.path = "/api/items"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"created by the benchmark","notes":"a note of ordinary length for an item"}'
