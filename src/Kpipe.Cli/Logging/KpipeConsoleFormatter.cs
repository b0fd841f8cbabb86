using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Kpipe.Cli.Logging;

/// <summary>
/// kpipe's own log lines: by default the message alone, with warnings and errors marked as such and an exception's
/// message added; verbose adds the UTC time, level and category, and the exception's stack.
/// </summary>
internal sealed class KpipeConsoleFormatter : ConsoleFormatter
{
    public const string FormatterName = "kpipe";

    private const string Yellow = "\u001b[33m";
    private const string Red = "\u001b[31m";
    private const string Reset = "\u001b[39m";

    private readonly KpipeFormatterOptions _options;

    public KpipeConsoleFormatter(IOptions<KpipeFormatterOptions> options)
        : base(FormatterName) => _options = options.Value;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        var exception = logEntry.Exception;
        if (string.IsNullOrEmpty(message) && exception is null)
        {
            return;
        }
        if (_options.TimestampFormat is { } format)
        {
            var now = _options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
            textWriter.Write(now.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (_options.Verbose)
        {
            textWriter.Write(LevelName(logEntry.LogLevel));
            textWriter.Write(' ');
            textWriter.Write(logEntry.Category);
            textWriter.Write(": ");
        }
        else if (Marker(logEntry.LogLevel) is { } marker)
        {
            WriteMarked(textWriter, marker, logEntry.LogLevel >= LogLevel.Error ? Red : Yellow);
        }
        textWriter.Write(string.IsNullOrEmpty(message) ? exception!.Message : message);
        if (exception is not null)
        {
            // A person needs the cause in one line; the stack is for --verbose.
            textWriter.Write(_options.Verbose ? Environment.NewLine + exception : $" ({exception.GetType().Name}: {exception.Message})");
        }
        textWriter.Write(Environment.NewLine);
    }

    private void WriteMarked(TextWriter textWriter, string marker, string color)
    {
        if (_options.Color)
        {
            textWriter.Write(color);
            textWriter.Write(marker);
            textWriter.Write(Reset);
        }
        else
        {
            textWriter.Write(marker);
        }
        textWriter.Write(' ');
    }

    private static string? Marker(LogLevel level) => level switch
    {
        LogLevel.Warning => "warning:",
        LogLevel.Error or LogLevel.Critical => "error:",
        _ => null,
    };

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info ",
        LogLevel.Warning => "warn ",
        LogLevel.Error => "error",
        _ => "crit ",
    };
}
