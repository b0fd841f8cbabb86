namespace Kpipe.Testing;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory(string prefix = "kpipe-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The full path of <paramref name="relativePath"/> inside this folder, its parent folders created.</summary>
    public string File(string relativePath)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
