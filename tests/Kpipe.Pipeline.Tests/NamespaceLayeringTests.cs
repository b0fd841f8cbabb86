using System.Text.RegularExpressions;

namespace Kpipe.Pipeline.Tests;

/// <summary>
/// Holds the pipeline's namespaces to one layering, read from its source: a namespace depends on another when it has a
/// using of it, or names one of its types where C# lets it (through a using, or as an enclosing namespace).
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class NamespaceLayeringTests
{
    private const string Root = "Kpipe.Pipeline.";

    // Top to bottom: a namespace may depend only on namespaces of the layers below its own. The runtime drives the jobs;
    // the registry lists the built-in jobs and the reports read what they wrote; the jobs share the contracts and the schema; everything under them knows
    // nothing of jobs. Enrichment's Mmdb and Online hold only the shapes of the database's records and the web
    // service's answers; what turns them into an IpInfo is Enrichment's.
    private static readonly string[][] Layers =
    [
        ["Runtime"],
        ["Jobs.Registry", "Reports"],
        ["Jobs.Consumer", "Jobs.StreamMetrics", "Jobs.StreamRaw"],
        ["Jobs.Schema"],
        ["Jobs"],
        ["Consuming", "Producing", "Metrics", "Enrichment"],
        ["Kafka", "Records", "Sinks", "Windows", "Enrichment.Mmdb", "Enrichment.Online"],
    ];

    [Fact]
    public void The_reader_finds_the_dependencies_the_runtime_and_jobs_are_known_to_have()
    {
        var dependencies = Dependencies();

        Assert.Contains("Jobs", dependencies["Runtime"]);
        Assert.Contains("Jobs", dependencies["Jobs.StreamMetrics"]);
        Assert.Contains("Metrics", dependencies["Jobs.StreamMetrics"]);
        Assert.Contains("Sinks", dependencies["Metrics"]);
    }

    [Fact]
    public void Every_namespace_depends_only_on_lower_layers()
    {
        var layerOf = Layers.SelectMany((names, layer) => names.Select(name => (name, layer))).ToDictionary(p => p.name, p => p.layer);
        var problems = new List<string>();
        foreach (var (from, targets) in Dependencies())
        {
            if (!layerOf.TryGetValue(from, out var fromLayer))
            {
                problems.Add($"{from} is in no layer: add it to {nameof(Layers)}");
                continue;
            }
            problems.AddRange(targets.Where(to => !layerOf.TryGetValue(to, out var toLayer) || toLayer <= fromLayer).Select(to => $"{from} -> {to}"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void No_namespaces_depend_on_each_other_in_a_cycle()
    {
        var dependencies = Dependencies();
        var done = new HashSet<string>();
        var path = new List<string>();
        var cycles = new List<string>();
        foreach (var start in dependencies.Keys.Order(StringComparer.Ordinal))
        {
            Visit(start);
        }

        Assert.Empty(cycles);

        void Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0)
            {
                cycles.Add(string.Join(" -> ", path.Skip(at).Append(node)));
                return;
            }
            if (!done.Add(node))
            {
                return;
            }
            path.Add(node);
            foreach (var next in dependencies.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
            {
                Visit(next);
            }
            path.RemoveAt(path.Count - 1);
        }
    }

    // Namespace (without the Kpipe.Pipeline prefix) → the pipeline namespaces it depends on.
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "Kpipe.Pipeline"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f))
            .Select(text => (Namespace: NamespaceLine().Match(text).Groups[1].Value, Text: text))
            .Where(f => f.Namespace.StartsWith(Root, StringComparison.Ordinal))
            .ToList();
        var typesOf = new Dictionary<string, HashSet<string>>();
        foreach (var (ns, text) in files)
        {
            var types = typesOf.TryGetValue(ns, out var known) ? known : typesOf[ns] = [];
            types.UnionWith(TypeDeclaration().Matches(text).Select(m => m.Groups[1].Value));
        }
        var dependencies = new Dictionary<string, HashSet<string>>();
        foreach (var (ns, text) in files)
        {
            var from = Short(ns);
            var targets = dependencies.TryGetValue(from, out var known) ? known : dependencies[from] = [];
            var usings = UsingLine().Matches(text).Select(m => m.Groups[1].Value).Where(u => u.StartsWith(Root, StringComparison.Ordinal)).ToList();
            var identifiers = Identifier().Matches(Comment().Replace(StringLiteral().Replace(text, "\"\""), "")).Select(m => m.Value).ToHashSet();
            var visible = usings.Concat(Enclosing(ns)).Where(typesOf.ContainsKey);
            targets.UnionWith(usings.Select(Short));
            targets.UnionWith(visible.Where(v => typesOf[v].Overlaps(identifiers)).Select(Short));
            targets.Remove(from);
        }
        return dependencies;
    }

    private static IEnumerable<string> Enclosing(string ns)
    {
        for (var dot = ns.LastIndexOf('.'); dot > Root.Length; dot = ns.LastIndexOf('.', dot - 1))
        {
            yield return ns[..dot];
        }
    }

    private static string Short(string ns) => ns[Root.Length..];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kpipe.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Kpipe.slnx above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^using ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"\b(?:public|internal|private|protected|file)\s+(?:[a-z]+\s+)*?(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\b[A-Za-z_]\w*\b")]
    private static partial Regex Identifier();
}
