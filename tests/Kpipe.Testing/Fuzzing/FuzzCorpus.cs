using System.Buffers.Binary;
using Kpipe.Broker.Protocol;

namespace Kpipe.Testing.Fuzzing;

/// <summary>
/// The seed frames of the protocol fuzzers: every golden request under tests/Kpipe.Broker.Tests/Protocol/Golden/fixtures
/// (captured from librdkafka, KafkaJS and kafka-python, plus the by-hand edges), reassembled from its header and body lines.
/// </summary>
public static class FuzzCorpus
{
    /// <summary>The fixture folder of a repository checkout.</summary>
    public static string FixtureDirectory(string repositoryRoot) =>
        System.IO.Path.Combine(repositoryRoot, "tests", "Kpipe.Broker.Tests", "Protocol", "Golden", "fixtures");

    /// <summary>Every fixture under <paramref name="fixtureDirectory"/>, in a stable order so a seed reproduces a run.</summary>
    public static IReadOnlyList<SeedFrame> Load(string fixtureDirectory) =>
        [.. Directory.EnumerateFiles(fixtureDirectory, "*.hex", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => Parse(System.IO.Path.GetRelativePath(fixtureDirectory, path), File.ReadAllLines(path)))];

    /// <summary>The seeds of this repository's checkout.</summary>
    public static IReadOnlyList<SeedFrame> LoadFromRepository() => Load(FixtureDirectory(RepositoryRoot.Path));

    private static SeedFrame Parse(string name, string[] lines)
    {
        var header = Convert.FromHexString(Field(lines, "header", name));
        var body = Convert.FromHexString(Field(lines, "body", name));
        if (header.Length < 4)
        {
            throw new FormatException($"{name}: the header is shorter than an api key and version");
        }

        var key = (ApiKey)BinaryPrimitives.ReadInt16BigEndian(header);
        var version = BinaryPrimitives.ReadInt16BigEndian(header.AsSpan(2));
        return new SeedFrame(System.IO.Path.ChangeExtension(name, null).Replace('\\', '/'), key, version, [.. header, .. body], header.Length);
    }

    // An empty body is a bare "body" line, so the prefix is matched without the space that follows it.
    private static string Field(string[] lines, string prefix, string name) =>
        lines.FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim()
        ?? throw new FormatException($"{name}: no '{prefix}' line");
}
