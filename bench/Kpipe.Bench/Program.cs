using Kpipe.Bench;

// The benchmark harness: each suite measures kpipe beside a peer in the same run and prints ratios.
var suite = args.Length > 0 ? args[0] : "all";
var rest = args.Skip(1).ToArray();
return suite switch
{
    "broker" => await BrokerBenchmark.RunAsync(rest),
    "all" => await BrokerBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Kpipe.Bench -- broker|all [options]");
    return 2;
}
