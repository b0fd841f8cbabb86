using System.CommandLine;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Spectre.Console;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe topic create|list|describe|delete</c> through Confluent.Kafka's admin client.</summary>
internal static class TopicCommand
{
    public static Command Create(Option<string> bootstrap)
    {
        var name = new Argument<string>("name") { Description = "Topic name" };
        var partitions = new Option<int>("--partitions") { Description = "Number of partitions", DefaultValueFactory = _ => 1 };
        var replication = new Option<short>("--replication") { Description = "Replication factor", DefaultValueFactory = _ => 1 };
        var configs = new Option<string[]>("--config") { Description = "Topic config key=value (repeatable)", AllowMultipleArgumentsPerToken = false };

        var create = new Command("create", "Create a topic") { name, partitions, replication, configs };
        create.SetAction((parse, ct) => CreateAsync(parse.GetValue(bootstrap)!, KafkaConfigOption.Settings(parse), parse.GetValue(name)!, parse.GetValue(partitions),
            parse.GetValue(replication), parse.GetValue(configs) ?? [], ct));

        var list = new Command("list", "List topics with their partition counts");
        list.SetAction((parse, ct) => ListAsync(parse.GetValue(bootstrap)!, KafkaConfigOption.Settings(parse), ct));

        var describeName = new Argument<string>("name") { Description = "Topic name" };
        var describe = new Command("describe", "Show a topic's partitions, leaders and configs") { describeName };
        describe.SetAction((parse, ct) => DescribeAsync(parse.GetValue(bootstrap)!, KafkaConfigOption.Settings(parse), parse.GetValue(describeName)!, ct));

        var deleteName = new Argument<string>("name") { Description = "Topic name" };
        var delete = new Command("delete", "Delete a topic and its data") { deleteName };
        delete.SetAction((parse, ct) => DeleteAsync(parse.GetValue(bootstrap)!, KafkaConfigOption.Settings(parse), parse.GetValue(deleteName)!, ct));

        return new Command("topic", "Create, list, describe and delete topics") { create, list, describe, delete };
    }

    private static async Task<int> CreateAsync(string bootstrap, IReadOnlyDictionary<string, string> clientSettings, string name, int partitions, short replication, string[] configs, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>();
        foreach (var config in configs)
        {
            var equals = config.IndexOf('=');
            if (equals <= 0)
            {
                throw new UserException($"--config '{config}' must be key=value, e.g. --config retention.ms=86400000");
            }

            settings[config[..equals]] = config[(equals + 1)..];
        }

        await BrokerProbe.EnsureReachableAsync(bootstrap, clientSettings, cancellationToken);
        using var admin = KafkaAdmin.Connect(bootstrap, clientSettings);
        try
        {
            await admin.CreateTopicsAsync(
                [new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = replication, Configs = settings }],
                new CreateTopicsOptions { RequestTimeout = KafkaAdmin.Timeout, OperationTimeout = KafkaAdmin.Timeout }).WaitAsync(cancellationToken);
        }
        catch (CreateTopicsException e)
        {
            var report = e.Results.Single();
            throw new UserException($"cannot create topic '{name}': {report.Error.Reason} ({report.Error.Code})");
        }

        Console.WriteLine($"Created topic {name} with {partitions} partition(s), replication {replication}");
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(string bootstrap, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        await BrokerProbe.EnsureReachableAsync(bootstrap, settings, cancellationToken);
        using var admin = KafkaAdmin.Connect(bootstrap, settings);
        var topics = KafkaAdmin.Metadata(admin, bootstrap).Topics
            .Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal))
            .OrderBy(t => t.Topic, StringComparer.Ordinal);
        var table = new Table().AddColumn("Topic").AddColumn(new TableColumn("Partitions").RightAligned());
        foreach (var topic in topics)
        {
            table.AddRow(Markup.Escape(topic.Topic), topic.Partitions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        return ExitCodes.Success;
    }

    private static async Task<int> DescribeAsync(string bootstrap, IReadOnlyDictionary<string, string> settings, string name, CancellationToken cancellationToken)
    {
        await BrokerProbe.EnsureReachableAsync(bootstrap, settings, cancellationToken);
        using var admin = KafkaAdmin.Connect(bootstrap, settings);
        var topic = KafkaAdmin.Metadata(admin, bootstrap, name).Topics.SingleOrDefault(t => t.Topic == name);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            throw new UserException($"topic '{name}' does not exist (see kpipe topic list)");
        }

        var partitions = new Table().AddColumn("Partition").AddColumn("Leader").AddColumn("Replicas").AddColumn("In sync");
        foreach (var partition in topic.Partitions.OrderBy(p => p.PartitionId))
        {
            partitions.AddRow($"{partition.PartitionId}", $"{partition.Leader}", string.Join(",", partition.Replicas), string.Join(",", partition.InSyncReplicas));
        }

        var described = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = name }],
            new DescribeConfigsOptions { RequestTimeout = KafkaAdmin.Timeout }).WaitAsync(cancellationToken);
        var configs = new Table().AddColumn("Config").AddColumn("Value").AddColumn("Source");
        foreach (var entry in described.Single().Entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            configs.AddRow(Markup.Escape(entry.Name), Markup.Escape(entry.Value ?? "(null)"), $"{entry.Source}");
        }

        AnsiConsole.MarkupLine($"Topic [bold]{Markup.Escape(name)}[/]  partitions {topic.Partitions.Count}");
        AnsiConsole.Write(partitions);
        AnsiConsole.Write(configs);
        return ExitCodes.Success;
    }

    private static async Task<int> DeleteAsync(string bootstrap, IReadOnlyDictionary<string, string> settings, string name, CancellationToken cancellationToken)
    {
        await BrokerProbe.EnsureReachableAsync(bootstrap, settings, cancellationToken);
        using var admin = KafkaAdmin.Connect(bootstrap, settings);
        try
        {
            await admin.DeleteTopicsAsync([name], new DeleteTopicsOptions { RequestTimeout = KafkaAdmin.Timeout, OperationTimeout = KafkaAdmin.Timeout })
                .WaitAsync(cancellationToken);
        }
        catch (DeleteTopicsException e)
        {
            var report = e.Results.Single();
            throw new UserException($"cannot delete topic '{name}': {report.Error.Reason} ({report.Error.Code})");
        }

        Console.WriteLine($"Deleted topic {name}");
        return ExitCodes.Success;
    }
}
