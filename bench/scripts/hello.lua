-- GET / on the hello app: the web-server ceiling.
dofile(os.getenv("BENCH_SCRIPTS") .. "/common.lua")
