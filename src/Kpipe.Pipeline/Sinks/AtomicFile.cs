namespace Kpipe.Pipeline.Sinks;

/// <summary>Makes a fully written file visible under its final name in one step, so readers never see half a file.</summary>
public static class AtomicFile
{
    /// <summary>The hidden temporary name a file is written under before <see cref="Publish"/>; engines skip dot files.</summary>
    public static string TemporaryPathFor(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, "." + Path.GetFileName(finalPath) + ".tmp");

    /// <summary>Renames <paramref name="temporaryPath"/> over <paramref name="finalPath"/> (replacing an identical earlier attempt's file).</summary>
    public static void Publish(string temporaryPath, string finalPath) => File.Move(temporaryPath, finalPath, overwrite: true);

    /// <summary>Writes <paramref name="contents"/> to <paramref name="finalPath"/> through a flushed temporary file and a rename.</summary>
    public static async Task WriteAllTextAsync(string finalPath, string contents, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(finalPath))!);
        var temporary = TemporaryPathFor(finalPath);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(contents), cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
        }
        catch
        {
            // A write cut short (Ctrl-C, a full disk) leaves nothing behind, not even the hidden temporary.
            File.Delete(temporary);
            throw;
        }
        Publish(temporary, finalPath);
    }
}
