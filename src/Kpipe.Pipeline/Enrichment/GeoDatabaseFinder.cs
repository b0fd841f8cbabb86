namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Finds the <c>.mmdb</c> files <c>scripts/geoip.sh</c> installed under the cache folder: the subfolder named in its
/// <c>selected</c> file (the last one installed), else <c>geolite2/</c> (which has postal codes and time zones), else
/// <c>dbip/</c>; any <c>.mmdb</c> files directly in the folder come last.
/// </summary>
public static class GeoDatabaseFinder
{
    private static readonly string[] PreferredSubfolders = ["geolite2", "dbip"];

    /// <summary>The database files to use from <paramref name="cacheDirectory"/>; empty when none is installed.</summary>
    public static IReadOnlyList<string> Find(string cacheDirectory)
    {
        if (!Directory.Exists(cacheDirectory))
        {
            return [];
        }
        var selectedFile = Path.Combine(cacheDirectory, "selected");
        var selected = File.Exists(selectedFile) ? File.ReadAllText(selectedFile).Trim() : null;
        IEnumerable<string> folders = selected is { Length: > 0 } && PreferredSubfolders.Contains(selected)
            ? [selected, .. PreferredSubfolders]
            : PreferredSubfolders;
        foreach (var folder in folders)
        {
            var files = MmdbFilesIn(Path.Combine(cacheDirectory, folder));
            if (files.Count > 0)
            {
                return files;
            }
        }
        return MmdbFilesIn(cacheDirectory);
    }

    private static List<string> MmdbFilesIn(string folder) => Directory.Exists(folder)
        ? [.. Directory.EnumerateFiles(folder, "*.mmdb").Where(f => new FileInfo(f).Length > 0).Order(StringComparer.Ordinal)]
        : [];
}
