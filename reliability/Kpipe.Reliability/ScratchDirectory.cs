namespace Kpipe.Reliability;

/// <summary>A fresh folder under the system temp folder for one scenario's data, deleted with its contents on dispose.</summary>
public sealed class ScratchDirectory : IDisposable
{
    /// <summary>Creates <c>kpipe-reliability-&lt;name&gt;-XXXX</c> under the temp folder.</summary>
    public ScratchDirectory(string name) => Path = Directory.CreateTempSubdirectory($"kpipe-reliability-{name}-").FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="relative"/> inside the folder (not created).</summary>
    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Deletes the folder; a process killed a moment ago may still be closing files in it, so it tries a few times.</summary>
    public void Dispose()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    Directory.Delete(Path, recursive: true);
                }
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(200);
            }
        }
    }
}
