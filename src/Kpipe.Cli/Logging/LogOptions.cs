using System.CommandLine;

namespace Kpipe.Cli.Logging;

/// <summary>The global <c>--verbose</c> and <c>--log-format text|json</c> options, read by every command that logs.</summary>
internal static class LogOptions
{
    public const string Verbose = "--verbose";
    public const string Format = "--log-format";

    public static IEnumerable<Option> Create()
    {
        yield return new Option<bool>(Verbose) { Description = "Log the details too: categories, debug lines, exception stacks", Recursive = true };
        var format = new Option<string>(Format)
        {
            Description = "Log lines as short text for people, or json (one object per line) for log shippers",
            DefaultValueFactory = _ => "text",
            Recursive = true,
        };
        format.AcceptOnlyFromAmong("text", "json");
        yield return format;
    }

    public static LogSettings Settings(ParseResult parse) => new(
        parse.GetValue<string>(Format) == "json" ? LogFormat.Json : LogFormat.Text,
        parse.GetValue<bool>(Verbose));

    /// <summary>The options as arguments again, for a child process (the background broker) that must log the same way.</summary>
    public static IEnumerable<string> Arguments(ParseResult parse)
    {
        var settings = Settings(parse);
        if (settings.Verbose)
        {
            yield return Verbose;
        }
        yield return Format;
        yield return settings.Format == LogFormat.Json ? "json" : "text";
    }
}
