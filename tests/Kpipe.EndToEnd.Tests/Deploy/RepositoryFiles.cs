namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>Finds files of this repository from the test's output folder, by walking up to the folder holding Kpipe.slnx.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kpipe.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Kpipe.slnx above {AppContext.BaseDirectory}");
    }
}
