using System.Globalization;
using Kpipe.Pipeline.Jobs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kpipe.Cli.Live;

/// <summary>
/// Draws a <see cref="LiveSnapshot"/>: the window filling with its rate, each partition's lag, the last windows'
/// records, users and gender split, the last window's top countries, a sparkline of records per window, and the log.
/// </summary>
internal static class LiveView
{
    public const int WindowRows = 5;
    private const string Blocks = "▁▂▃▄▅▆▇█";
    private const int CountriesWidth = 40;
    private const int CountryNameWidth = 16;

    public static IRenderable Render(LiveSnapshot snapshot, bool withLog = true)
    {
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]{Escape(snapshot.Job)}[/] on [bold]{Escape(snapshot.Topic)}[/]: " +
                Invariant($"{snapshot.WindowCount:N0} windows, {snapshot.Records:N0} records, {snapshot.DeadLetters:N0} dead letters")),
            Current(snapshot.Current),
            new Markup("[bold]Records per window[/] " + Escape(Sparkline(snapshot.Windows.Select(w => w.Records)))),
            new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap()).AddRow(Lag(snapshot.Current), Countries(snapshot.Windows.LastOrDefault())),
            Windows(snapshot.Windows),
        };
        if (withLog)
        {
            // Warnings and errors keep their colour-free markers; the lines are text, never markup.
            parts.AddRange(snapshot.Log.Select(line => new Text(line, new Style(Color.Grey))));
        }
        return new Rows(parts);
    }

    /// <summary>One block character per value, scaled to the largest; empty for no values.</summary>
    public static string Sparkline(IEnumerable<long> values)
    {
        var all = values.ToList();
        var max = all.Count == 0 ? 0 : all.Max();
        return string.Concat(all.Select(v => max <= 0 ? Blocks[0] : Blocks[(int)Math.Round((double)v / max * (Blocks.Length - 1))]));
    }

    private static IRenderable Current(ConsumingProgress? current) => current is null
        ? new Markup("[grey]waiting for the group to assign partitions[/]")
        : new Markup(Invariant($"[bold]Window {current.WindowStart.UtcDateTime:HH:mm:ss}–{current.WindowEnd.UtcDateTime:HH:mm:ss}[/] filling: ") +
            Invariant($"{current.Records:N0} records, {current.RecordsPerSecond:N1} records/s"));

    private static IRenderable Lag(ConsumingProgress? current)
    {
        var table = new Table().Border(TableBorder.Minimal).Collapse().Title("Consumer lag").AddColumn("Partition")
            .AddColumn(new TableColumn("Position").RightAligned())
            .AddColumn(new TableColumn("Log end").RightAligned())
            .AddColumn(new TableColumn("Lag").RightAligned());
        foreach (var partition in current?.Lag ?? [])
        {
            table.AddRow(Invariant($"{partition.Partition}"), Number(partition.Position), Number(partition.HighWatermark), Number(partition.Lag));
        }
        return table;
    }

    private static IRenderable Countries(WindowSnapshot? last)
    {
        if (last is null || last.TopCountries.Count == 0)
        {
            return new Markup("[grey]no countries yet[/]");
        }
        var chart = new BarChart().Width(CountriesWidth).Label(Invariant($"Top countries {last.WindowStart.UtcDateTime:HH:mm:ss}"));
        foreach (var (country, records) in last.TopCountries)
        {
            chart.AddItem(Escape(Shortened(country)), records, Color.SteelBlue);
        }
        return chart;
    }

    private static IRenderable Windows(IReadOnlyList<WindowSnapshot> windows)
    {
        var table = new Table().Border(TableBorder.Minimal).Collapse().Title("Last windows").AddColumn("Window").AddColumn(new TableColumn("Batch").RightAligned());
        foreach (var column in new[] { "Records", "Users", "Male", "Female", "Other", "Dead letters" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var window in windows.TakeLast(WindowRows).Reverse())
        {
            table.AddRow(
                Invariant($"{window.WindowStart.UtcDateTime:HH:mm:ss}"), Invariant($"{window.BatchId}"),
                Invariant($"{window.Records:N0}"), Invariant($"{window.UniqueUsers:N0}"), Invariant($"{window.Male:N0}"),
                Invariant($"{window.Female:N0}"), Invariant($"{window.OtherGender:N0}"), Invariant($"{window.DeadLetters:N0}"));
        }
        return table;
    }

    private static string Shortened(string country) => country.Length <= CountryNameWidth ? country : country[..(CountryNameWidth - 1)] + "…";

    private static string Number(long? value) => value is long known ? Invariant($"{known:N0}") : "–";

    private static string Escape(string text) => Markup.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
