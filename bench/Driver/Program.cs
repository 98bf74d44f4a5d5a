using Switchyard.Bench;

// bench/run calls one command at a time; each prints one JSON object (or nothing) on stdout.
//   seed-postgres  --host H --port P --database D --credentials JSON --count N --ids-out FILE
//   seed-dynamodb  --url U --table T --count N --ids-out FILE
//   ddb-get-load   --url U --table T --ids FILE --concurrency C --warmup-seconds W --seconds S --max-requests M
//   ttfr           --url U --runs N --timeout-seconds S -- PROGRAM ARGS...
var (command, options, rest) = Arguments.Parse(args);
return command switch
{
    "seed-postgres" => await Seeding.PostgresAsync(options),
    "seed-dynamodb" => await Seeding.DynamoDbAsync(options),
    "ddb-get-load" => await GetItemLoad.RunAsync(options),
    "ttfr" => await StartupTimer.RunAsync(options, rest),
    _ => Arguments.Usage($"unknown command '{command}'"),
};
