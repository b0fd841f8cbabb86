namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Finds the <c>.mmdb</c> files <c>scripts/geoip.sh</c> installed under the cache folder: <c>geolite2/</c> (which has
/// postal codes and time zones) is preferred over <c>dbip/</c>; any other <c>.mmdb</c> files directly in the folder come last.
/// </summary>
internal static class GeoDatabaseFinder
{
    private static readonly string[] PreferredSubfolders = ["geolite2", "dbip"];

    public static IReadOnlyList<string> Find(string cacheDirectory)
    {
        if (!Directory.Exists(cacheDirectory))
        {
            return [];
        }
        foreach (var folder in PreferredSubfolders)
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
