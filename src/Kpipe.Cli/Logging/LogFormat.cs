namespace Kpipe.Cli.Logging;

/// <summary>How log lines are written: short lines for a person, or one JSON object per line for a log shipper.</summary>
internal enum LogFormat
{
    Text,
    Json,
}
