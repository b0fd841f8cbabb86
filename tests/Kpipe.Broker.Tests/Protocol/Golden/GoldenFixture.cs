using System.Text.RegularExpressions;

namespace Kpipe.Broker.Tests.Protocol.Golden;

/// <summary>
/// One captured request from fixtures/CLIENT/API-vN.hex: comment lines naming the client, the api and the expected
/// fields ("# expect: key = value"), then a "header HEX" line and a "body HEX" line.
/// </summary>
public sealed partial record GoldenFixture(string Name, string Client, string Api, short Version, byte[] Header, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Expected)
{
    /// <summary>Zero bytes the client sent past the end of the schema ("# trailing: N"), which the broker must ignore.</summary>
    public int Trailing { get; init; }

    /// <summary>The fixture folder, found above the test assembly next to the repository's Kpipe.slnx.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Kpipe.slnx")))
                {
                    return Path.Combine(dir.FullName, "tests", "Kpipe.Broker.Tests", "Protocol", "Golden", "fixtures");
                }
            }

            throw new InvalidOperationException($"no Kpipe.slnx above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Every fixture's path relative to <see cref="Root"/>, in a stable order.</summary>
    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Root, "*.hex", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>Parses the fixture at <paramref name="relativePath"/> under <see cref="Root"/>.</summary>
    public static GoldenFixture Load(string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, relativePath));
        var api = ApiLine().Match(string.Join('\n', lines));
        if (!api.Success)
        {
            throw new FormatException($"{relativePath}: no '# api: NAME vN' line");
        }

        var expected = lines
            .Select(line => ExpectLine().Match(line))
            .Where(m => m.Success)
            .Select(m => KeyValuePair.Create(m.Groups[1].Value, m.Groups[2].Value))
            .ToList();
        return new GoldenFixture(
            relativePath,
            Value(lines, "# client:", relativePath),
            api.Groups[1].Value,
            short.Parse(api.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            Convert.FromHexString(Value(lines, "header", relativePath)),
            Convert.FromHexString(Value(lines, "body", relativePath)),
            expected)
        {
            Trailing = lines.Select(line => TrailingLine().Match(line)).Where(m => m.Success)
                .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).SingleOrDefault(),
        };
    }

    // An empty body is a bare "body" line, so the prefix is matched without the space that follows it.
    private static string Value(string[] lines, string prefix, string relativePath) =>
        lines.FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim()
        ?? throw new FormatException($"{relativePath}: no '{prefix}' line");

    [GeneratedRegex(@"^# api: (\w+) v(\d+)$", RegexOptions.Multiline)]
    private static partial Regex ApiLine();

    [GeneratedRegex(@"^# expect: (\w+) = (.*)$")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"^# trailing: (\d+) ")]
    private static partial Regex TrailingLine();
}
