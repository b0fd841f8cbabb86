using Kpipe.Cli.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kpipe.EndToEnd.Tests.Cli;

[Trait("Category", TestCategories.Unit)]
public sealed class KpipeConsoleFormatterTests
{
    private const string Category = "Kpipe.Pipeline.Runtime.JobRuntime";

    [Fact]
    public void An_information_line_is_the_message_alone_without_level_category_or_event_id()
    {
        var line = Format(new KpipeFormatterOptions(), LogLevel.Information, "Job stream-metrics on users: resuming at batch 0");

        Assert.Equal("Job stream-metrics on users: resuming at batch 0" + Environment.NewLine, line);
    }

    [Fact]
    public void Warnings_and_errors_are_marked_and_an_exception_adds_its_message_but_not_its_stack()
    {
        var warning = Format(new KpipeFormatterOptions(), LogLevel.Warning, "Consume error: broker down");
        var error = Format(new KpipeFormatterOptions(), LogLevel.Error, "Batch failed", Thrown());

        Assert.Equal("warning: Consume error: broker down" + Environment.NewLine, warning);
        Assert.Equal("error: Batch failed (InvalidOperationException: disk gone)" + Environment.NewLine, error);
    }

    [Fact]
    public void Colour_marks_only_the_marker_and_only_when_asked()
    {
        var coloured = Format(new KpipeFormatterOptions { Color = true }, LogLevel.Warning, "slow");
        var plain = Format(new KpipeFormatterOptions(), LogLevel.Warning, "slow");

        Assert.Equal("\u001b[33mwarning:\u001b[39m slow" + Environment.NewLine, coloured);
        Assert.DoesNotContain('\u001b', plain);
    }

    [Fact]
    public void Verbose_adds_the_time_level_category_and_the_exception_stack()
    {
        var options = KpipeLogging.FormatterOptions(new LogSettings(LogFormat.Text, Verbose: true), color: false);

        var line = Format(options, LogLevel.Error, "Batch failed", Thrown());

        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z error Kpipe\.Pipeline\.Runtime\.JobRuntime: Batch failed", line);
        Assert.Contains("System.InvalidOperationException: disk gone", line);
        Assert.Contains("   at ", line);
    }

    [Fact]
    public void The_broker_log_starts_each_line_with_a_utc_timestamp()
    {
        var options = KpipeLogging.FormatterOptions(new LogSettings(LogFormat.Text, Verbose: false, Timestamps: true), color: false);

        var line = Format(options, LogLevel.Information, "Created topic users with 3 partitions");

        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z Created topic users with 3 partitions\r?\n$", line);
    }

    [Fact]
    public void By_default_kpipe_information_passes_and_debug_and_other_libraries_information_do_not()
    {
        var lines = new List<string>();
        using (var factory = KpipeLogging.Create(new LogSettings(LogFormat.Text, Verbose: false), lines.Add))
        {
            factory.CreateLogger(Category).LogInformation("kept");
            factory.CreateLogger(Category).LogDebug("debug detail");
            factory.CreateLogger("Microsoft.Extensions.Hosting").LogInformation("framework chatter");
            factory.CreateLogger("Microsoft.Extensions.Hosting").LogWarning("framework warning");
        }

        Assert.Equal(["kept" + Environment.NewLine, "warning: framework warning" + Environment.NewLine], lines);
    }

    [Fact]
    public void Verbose_lets_debug_lines_through_with_their_category()
    {
        var lines = new List<string>();
        using (var factory = KpipeLogging.Create(new LogSettings(LogFormat.Text, Verbose: true), lines.Add))
        {
            factory.CreateLogger(Category).LogDebug("Batch 3 committed");
        }

        var line = Assert.Single(lines);
        Assert.EndsWith($"debug {Category}: Batch 3 committed" + Environment.NewLine, line);
    }

    private static string Format(KpipeFormatterOptions options, LogLevel level, string message, Exception? exception = null)
    {
        var formatter = new KpipeConsoleFormatter(Options.Create(options));
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(level, Category, new EventId(48949891, "BatchCommitted"), message, exception, (state, _) => state), null, writer);
        return writer.ToString();
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("disk gone");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }
}
