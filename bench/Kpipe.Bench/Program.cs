return await Kpipe.Bench.GeoBenchmark.RunAsync(args);
