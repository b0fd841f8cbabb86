using System.CommandLine;
using System.Globalization;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Reports;
using Spectre.Console;

namespace Kpipe.Cli.Commands;

/// <summary>
/// <c>kpipe report &lt;output-dir&gt; [--html FILE]</c>: merges the stream-metrics parts of every instance into per-window
/// and total metrics, and with <c>--html</c> also writes them as a self-contained page of charts.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("output-dir") { Description = "An output root, a job's folder or one topic's folder" };
        var html = new Option<string?>("--html") { Description = "Also write an HTML page of charts to this file (self-contained, works offline), e.g. --html report.html" };
        var command = new Command("report", "Merge stream-metrics output (any format, any number of instances) and print per-window metrics") { directory, html };
        command.SetAction((parse, cancellationToken) => RunAsync(AnsiConsole.Console, parse.GetValue(directory)!, parse.GetValue(html), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string directory, string? htmlFile, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new UserException($"{directory} does not exist; pass the folder a job wrote (e.g. output/ or output/stream-metrics/<topic>)");
        }
        // With --html the page's reader merges the same metrics, so the output is read once.
        var page = htmlFile is null ? null : await RunReportReader.ReadAsync(directory, cancellationToken);
        var topics = page?.Topics.Select(t => t.Metrics).ToList() ?? (await MetricsReportReader.ReadAsync(directory, cancellationToken)).Topics;
        if (topics.Count == 0)
        {
            throw new UserException($"no stream-metrics output (window_summary) under {directory}");
        }
        foreach (var topic in topics)
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
        if (page is not null)
        {
            await WriteHtmlAsync(console, page, directory, htmlFile!, cancellationToken);
        }
        return ExitCodes.Success;
    }

    private static async Task WriteHtmlAsync(IAnsiConsole console, RunReport report, string directory, string htmlFile, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(htmlFile);
        if (Directory.Exists(path))
        {
            throw new UserException($"--html {htmlFile} is a directory; name the file to write, e.g. --html {Path.Combine(htmlFile, "report.html")}");
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, HtmlReport.Render(report, directory), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"cannot write --html {htmlFile}: {e.Message}; pass a file in a folder you can write to");
        }
        // Written as is: markup would wrap a long path at the console's width, and scripts read this line.
        await console.Profile.Out.Writer.WriteLineAsync($"HTML report: {path}".AsMemory(), cancellationToken);
    }

    private static void AddRow(Table table, string label, WindowMetrics m)
    {
        var top = string.Join(", ", m.Countries.Where(c => c.Key.Length > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(3)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));
        table.AddRow(label, N(m.Records), N(m.UniqueUsers), N(m.Male), N(m.Female), N(m.OtherGender), N(m.DeadLetters), Markup.Escape(top));
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
