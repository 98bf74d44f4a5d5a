using Switchyard.Bench;

// bench/run calls one command at a time; each prints one JSON object (or nothing) on stdout,
// ddb-get-serve one a phase.
//   seed-postgres  --host H --port P --database D --credentials JSON --count N --ids-out FILE
//   seed-dynamodb  --url U --table T --count N --ids-out FILE
//   ddb-get-serve  --url U --table T --ids FILE --concurrency C --max-requests M   (stdin: a phase length per line)
//   ttfr           --programs FILE --runs N --timeout-seconds S   (FILE: {"name", "url", "command": [...]} a line)
var (command, options) = Arguments.Parse(args);
return command switch
{
    "seed-postgres" => await Seeding.PostgresAsync(options),
    "seed-dynamodb" => await Seeding.DynamoDbAsync(options),
    "ddb-get-serve" => await GetItemLoad.ServeAsync(options),
    "ttfr" => await StartupTimer.RunAsync(options),
    _ => Arguments.Usage($"unknown command '{command}'"),
};
