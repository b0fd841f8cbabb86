using System.CommandLine;
using Kpipe.IO;
using Kpipe.Pipeline.Records;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe data generate</c>: deterministic Mockaroo-style sample users as a JSON array file.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Number of records", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed gives the same file", DefaultValueFactory = _ => MockDataGenerator.DefaultSeed };
        var output = new Option<string>("--output") { Description = "File to write", Required = true };
        var generate = new Command("generate", "Write deterministic sample user records (JSON array)") { count, seed, output };
        generate.SetAction(async (parse, ct) =>
        {
            var records = parse.GetValue(count);
            if (records < 0)
            {
                throw new UserException("--count must be zero or more");
            }

            var path = parse.GetValue(output)!;
            var generator = new MockDataGenerator(parse.GetValue(seed));
            await AtomicFile.WriteAsync(path, (file, token) => generator.WriteJsonArrayAsync(file, records, token), ct);
            await Console.Error.WriteLineAsync($"Wrote {records} records to {path}");
            return ExitCodes.Success;
        });
        return new Command("data", "Sample data") { generate };
    }
}
