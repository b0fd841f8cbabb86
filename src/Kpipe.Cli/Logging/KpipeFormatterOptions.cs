using Microsoft.Extensions.Logging.Console;

namespace Kpipe.Cli.Logging;

/// <summary>Options of <see cref="KpipeConsoleFormatter"/>: detail, colour, and the timestamp format inherited.</summary>
internal sealed class KpipeFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Adds the level, the category and exception stacks to each line.</summary>
    public bool Verbose { get; set; }

    /// <summary>Marks warnings and errors in colour (only when the log goes to a terminal).</summary>
    public bool Color { get; set; }
}
