namespace Kpipe.Cli.Logging;

/// <summary>
/// What the global <c>--verbose</c> and <c>--log-format</c> options asked for, and whether each line starts with a UTC
/// timestamp (the broker's log, which is read after the fact, does).
/// </summary>
internal sealed record LogSettings(LogFormat Format, bool Verbose, bool Timestamps = false);
