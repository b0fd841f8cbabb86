namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>
/// The repository's .dockerignore as a path filter. Only the two pattern shapes the file uses are understood
/// (<c>name</c> at the context root, <c>**/name</c> at any depth); any other pattern fails loudly rather than being misread.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly HashSet<string> _atRoot = [];
    private readonly HashSet<string> _anywhere = [];

    public DockerIgnore(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var pattern = raw.Trim().TrimEnd('/');
            if (pattern.Length == 0 || pattern.StartsWith('#'))
            {
                continue;
            }

            var anyDepth = pattern.StartsWith("**/", StringComparison.Ordinal);
            var name = anyDepth ? pattern[3..] : pattern;
            if (name.IndexOfAny(['*', '?', '[', '!', '/']) >= 0 || pattern.StartsWith('!'))
            {
                throw new NotSupportedException($".dockerignore pattern '{pattern}' is beyond what the deploy tests understand");
            }

            (anyDepth ? _anywhere : _atRoot).Add(name);
        }
    }

    public static DockerIgnore Load() => new(RepositoryFiles.Read(".dockerignore"));

    /// <summary>Whether a path relative to the build context, with '/' separators, is left out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (segments.Length > 0 && _atRoot.Contains(segments[0])) || segments.Any(_anywhere.Contains);
    }
}
