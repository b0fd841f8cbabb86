using System.CommandLine;

namespace Kpipe.Cli.Commands;

/// <summary><c>--node-id</c>, Kafka's <c>node.id</c>: the id Metadata, FindCoordinator and DescribeCluster report for this broker.</summary>
internal static class NodeIdOption
{
    public const int Default = 1;

    public static Option<int> Create()
    {
        var option = new Option<int>("--node-id") { Description = "This broker's node id (Kafka's node.id), reported to clients and named in replica assignments", DefaultValueFactory = _ => Default };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--node-id must be 0 or more (Kafka's node.id), not {result.GetValueOrDefault<int>()}");
            }
        });
        return option;
    }
}
