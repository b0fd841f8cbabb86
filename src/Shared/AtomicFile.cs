namespace Kpipe.IO;

/// <summary>
/// Replaces a file all at once: the content goes to a hidden temporary beside it, is flushed to disk, and is renamed over
/// the target, so a reader (or a restart after a crash) sees the old file or the whole new one, never half of one.
/// </summary>
/// <remarks>
/// One source file compiled into each kpipe assembly that writes files (linked from <c>src/Shared</c>), so the broker
/// keeps depending on nothing else of ours.
/// </remarks>
internal static class AtomicFile
{
    /// <summary>The hidden temporary name a file is written under before <see cref="Publish"/>; engines skip dot files.</summary>
    public static string TemporaryPathFor(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(finalPath))!, "." + Path.GetFileName(finalPath) + ".tmp");

    /// <summary>Renames <paramref name="temporaryPath"/> over <paramref name="finalPath"/> (replacing an identical earlier attempt's file).</summary>
    public static void Publish(string temporaryPath, string finalPath) => File.Move(temporaryPath, finalPath, overwrite: true);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/>; a failed write leaves the old file and no temporary.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = Prepare(path);
        try
        {
            using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        Publish(temporary, path);
    }

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes to the stream it is given.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var temporary = Prepare(path);
        try
        {
            await using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await write(stream, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            // A write cut short (Ctrl-C, a full disk) leaves nothing behind, not even the hidden temporary.
            File.Delete(temporary);
            throw;
        }

        Publish(temporary, path);
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="contents"/> as UTF-8.</summary>
    public static Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken) =>
        WriteAsync(path, (stream, ct) => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(contents), ct).AsTask(), cancellationToken);

    private static string Prepare(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return TemporaryPathFor(path);
    }
}
