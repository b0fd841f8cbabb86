namespace Kpipe.Testing;

/// <summary>The repository root, found from the test assembly's folder by its solution file.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Kpipe.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Kpipe.slnx not found above " + AppContext.BaseDirectory);
    }
}
