using Kpipe.Bench;

// The benchmark harness: each suite measures kpipe beside a peer in the same run and prints ratios.
var suite = args.Length > 0 ? args[0] : "all";
var rest = args.Skip(1).ToArray();
return suite switch
{
    "broker" => await BrokerBenchmark.RunAsync(rest),
    "groups" => await GroupBenchmark.RunAsync(rest),
    "geo" => await GeoBenchmark.RunAsync(rest),
    "geo-table" => GeoTableBenchmark.Run(rest),
    "time-zones" => TimeZoneBenchmark.Run(rest),
    "jobs" => await JobsBenchmark.RunAsync(rest),
    "cli-jobs" => await CliJobsBenchmark.RunAsync(rest),
    "job-cost" => await JobCostBenchmark.RunAsync(rest),
    "parquet" => await ParquetWriterBenchmark.RunAsync(rest),
    "all" => await RunAllAsync(),
    _ => Usage(),
};

static async Task<int> RunAllAsync()
{
    var failures = 0;
    failures += await BrokerBenchmark.RunAsync([]) == 0 ? 0 : 1;
    failures += await GroupBenchmark.RunAsync([]) == 0 ? 0 : 1;
    failures += await GeoBenchmark.RunAsync([]) == 0 ? 0 : 1;
    failures += await JobsBenchmark.RunAsync([]) == 0 ? 0 : 1;
    return failures;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Kpipe.Bench -- broker|groups|geo|geo-table|time-zones|jobs|cli-jobs|job-cost|parquet|all [options]");
    return 2;
}
