namespace Kpipe.Bench;

/// <summary>Finds the repository root (the folder holding Kpipe.slnx) from the running benchmark.</summary>
public static class RepoPaths
{
    /// <summary>The repository root.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Kpipe.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("cannot find Kpipe.slnx above " + AppContext.BaseDirectory);
        }
    }
}
