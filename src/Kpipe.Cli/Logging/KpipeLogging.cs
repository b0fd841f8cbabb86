using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Kpipe.Cli.Logging;

/// <summary>
/// The one place the CLI sets up logging: kpipe's information lines and everyone's warnings by default, debug lines of
/// every category with <c>--verbose</c>; short text lines or JSON objects, on standard error (standard output carries
/// a command's results), or to a receiver such as a live view.
/// </summary>
internal static class KpipeLogging
{
    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    public static ILoggerFactory Create(LogSettings settings, Action<string>? receiver = null) => LoggerFactory.Create(logging =>
    {
        if (settings.Verbose)
        {
            logging.SetMinimumLevel(LogLevel.Debug);
        }
        else
        {
            logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Kpipe", LogLevel.Information);
        }
        if (settings.Format == LogFormat.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "O";
                json.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
            logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            return;
        }
        var formatter = FormatterOptions(settings, color: receiver is null && !Console.IsErrorRedirected);
        if (receiver is not null)
        {
            logging.AddProvider(new LineLoggerProvider(new KpipeConsoleFormatter(Options.Create(formatter)), receiver));
            return;
        }
        logging.AddConsole(console =>
        {
            console.FormatterName = KpipeConsoleFormatter.FormatterName;
            console.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<KpipeConsoleFormatter, KpipeFormatterOptions>(options =>
        {
            options.Verbose = formatter.Verbose;
            options.Color = formatter.Color;
            options.TimestampFormat = formatter.TimestampFormat;
            options.UseUtcTimestamp = formatter.UseUtcTimestamp;
        });
    });

    public static KpipeFormatterOptions FormatterOptions(LogSettings settings, bool color) => new()
    {
        Verbose = settings.Verbose,
        Color = color,
        TimestampFormat = settings.Timestamps || settings.Verbose ? TimestampFormat : null,
        UseUtcTimestamp = true,
    };
}
