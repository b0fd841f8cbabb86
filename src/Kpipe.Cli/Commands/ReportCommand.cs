using System.CommandLine;
using System.Globalization;
using Kpipe.Pipeline.Metrics;
using Spectre.Console;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe report &lt;output-dir&gt;</c>: merges the stream-metrics parts of every instance into per-window and total metrics.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("output-dir") { Description = "An output root, a job's folder or one topic's folder" };
        var command = new Command("report", "Merge stream-metrics output (any format, any number of instances) and print per-window metrics") { directory };
        command.SetAction((parse, cancellationToken) => RunAsync(AnsiConsole.Console, parse.GetValue(directory)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new UserException($"{directory} does not exist; pass the folder a job wrote (e.g. output/ or output/stream-metrics/<topic>)");
        }
        var report = await MetricsReportReader.ReadAsync(directory, cancellationToken);
        if (report.Topics.Count == 0)
        {
            throw new UserException($"no stream-metrics output (window_summary) under {directory}");
        }
        foreach (var topic in report.Topics)
        {
            console.MarkupLine($"[bold]{Markup.Escape(topic.Topic)}[/]: {topic.Windows.Count} windows");
            var table = new Table().AddColumns("window_start", "records", "unique_users", "male", "female", "other", "dead_letters", "top countries");
            foreach (var window in topic.Windows)
            {
                AddRow(table, window.WindowStart.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), window);
            }
            AddRow(table, "[bold]total[/]", topic.Total);
            console.Write(table);
        }
        return ExitCodes.Success;
    }

    private static void AddRow(Table table, string label, WindowMetrics m)
    {
        var top = string.Join(", ", m.Countries.Where(c => c.Key.Length > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(3)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));
        table.AddRow(label, N(m.Records), N(m.UniqueUsers), N(m.Male), N(m.Female), N(m.OtherGender), N(m.DeadLetters), Markup.Escape(top));
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
