using YamlDotNet.RepresentationModel;

namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>deploy/docker-compose.yml as YAML nodes, with the few Compose rules the tests need (profiles, list-or-map fields).</summary>
internal sealed class ComposeFile
{
    private readonly YamlMappingNode _services;

    private ComposeFile(YamlMappingNode services) => _services = services;

    public const string RelativePath = "deploy/docker-compose.yml";

    public static ComposeFile Load()
    {
        using var reader = new StringReader(RepositoryFiles.Read(RelativePath));
        var stream = new YamlStream();
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        return new ComposeFile((YamlMappingNode)root.Children[new YamlScalarNode("services")]);
    }

    public IReadOnlyList<string> ServiceNames => _services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();

    public YamlMappingNode Service(string name) =>
        _services.Children.TryGetValue(new YamlScalarNode(name), out var node)
            ? (YamlMappingNode)node
            : throw new Xunit.Sdk.XunitException($"{RelativePath} has no service '{name}'");

    /// <summary>Compose's rule: a service without profiles always runs; one with profiles runs when one of them is active.</summary>
    public IReadOnlySet<string> EnabledServices(string profile) =>
        ServiceNames.Where(name => Profiles(name) is { Count: 0 } || Profiles(name).Contains(profile)).ToHashSet();

    public IReadOnlyList<string> Profiles(string service) => Strings(Service(service), "profiles");

    public string Scalar(string service, params string[] path)
    {
        YamlNode node = Service(service);
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var child)
                ? child
                : throw new Xunit.Sdk.XunitException($"service '{service}' has no {string.Join('.', path)}");
        }

        return ((YamlScalarNode)node).Value!;
    }

    public YamlMappingNode? Mapping(string service, string key) =>
        Service(service).Children.TryGetValue(new YamlScalarNode(key), out var node) ? (YamlMappingNode)node : null;

    public IReadOnlyList<string> Strings(string service, string key) => Strings(Service(service), key);

    /// <summary>The <c>environment</c> block, which Compose accepts either as a map or as a list of NAME=value.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        if (!Service(service).Children.TryGetValue(new YamlScalarNode("environment"), out var node))
        {
            return new Dictionary<string, string>();
        }

        return node switch
        {
            YamlMappingNode map => map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? ""),
            YamlSequenceNode list => list.Children.Select(e => ((YamlScalarNode)e).Value!.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""),
            _ => throw new Xunit.Sdk.XunitException($"service '{service}' has an environment that is neither a map nor a list"),
        };
    }

    private static IReadOnlyList<string> Strings(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? node switch
            {
                YamlSequenceNode list => list.Children.Select(c => ((YamlScalarNode)c).Value!).ToList(),
                YamlScalarNode scalar => [scalar.Value!],
                _ => throw new Xunit.Sdk.XunitException($"'{key}' is neither a list nor a string"),
            }
            : [];
}
