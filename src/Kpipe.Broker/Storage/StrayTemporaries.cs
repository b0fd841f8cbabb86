using Kpipe.IO;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Storage;

/// <summary>
/// Removes the hidden temporaries (<c>.name.tmp</c>) that an atomic write leaves when the broker dies between writing
/// and renaming: the file they were meant to replace still holds its last complete version, so they are only clutter.
/// </summary>
internal static partial class StrayTemporaries
{
    /// <summary>Deletes every stray temporary in <paramref name="dataDirectory"/> and its immediate subdirectories, one log line each.</summary>
    public static int Remove(string dataDirectory, ILogger logger)
    {
        var removed = 0;
        foreach (var directory in Directory.EnumerateDirectories(dataDirectory).Prepend(dataDirectory))
        {
            foreach (var path in Directory.EnumerateFiles(directory, ".*.tmp"))
            {
                var name = Path.GetFileName(path);
                var final = Path.Combine(directory, name[1..^".tmp".Length]);
                if (AtomicFile.TemporaryPathFor(final) != Path.GetFullPath(path))
                {
                    continue;
                }

                var bytes = new FileInfo(path).Length;
                File.Delete(path);
                LogRemoved(logger, path, bytes, Path.GetFileName(final));
                removed++;
            }
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Repaired the data directory: removed {Path} ({Bytes} bytes), a temporary left by an interrupted write; {Final} keeps its last complete version")]
    private static partial void LogRemoved(ILogger logger, string path, long bytes, string final);
}
