using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Reliability;

/// <summary>
/// Groups across a restart: two Confluent.Kafka consumers stay in their group while the broker is restarted cleanly
/// (SIGTERM), which must keep the group's generation and trigger no rebalance; then they commit offsets and the broker is
/// SIGKILLed, and every committed offset must be there after the restart.
/// </summary>
public sealed partial class GroupsRestartScenario : IScenario
{
    private const string Topic = "groups-restart";
    private const string GroupId = "groups-restart";
    private const int Partitions = 4;
    private const int Records = 2000;
    private const int SessionTimeoutMs = 6000;

    /// <inheritdoc />
    public string Name => "groups-restart";

    /// <inheritdoc />
    public string Title => "Consumer groups across broker restarts";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var rounds = campaign.Count(1, 5);
        var dataDirectory = Directory.CreateTempSubdirectory("kpipe-groups-").FullName;
        var broker = await BrokerProcess.StartAsync(campaign, dataDirectory);
        var consumers = new List<GroupConsumer>();
        try
        {
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.Bootstrap }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = Partitions, ReplicationFactor = 1 }]);
            }

            consumers.AddRange(Enumerable.Range(0, 2).Select(_ => new GroupConsumer(broker.Bootstrap, GroupId, Topic, SessionTimeoutMs)));
            await UntilAsync(() => consumers.Sum(c => c.Assigned) == Partitions, "both consumers' assignments");
            var generations = new List<(int Before, int After)>();
            var rebalances = 0;
            var assignedCallbacks = 0;
            long committedCount = 0, lost = 0;
            for (var round = 0; round < rounds; round++)
            {
                var before = Generation(broker);
                var callbacks = consumers.Sum(c => c.AssignedCallbacks);
                await broker.StopAsync(TimeSpan.FromSeconds(30));
                await broker.DisposeAsync();
                broker = await BrokerProcess.StartAsync(campaign, dataDirectory, broker.Port);
                await Produce(broker.Bootstrap, Records);
                var consumedBefore = consumers.Sum(c => c.Consumed);
                await UntilAsync(() => consumers.Sum(c => c.Consumed) >= consumedBefore + Records, "consuming after the restart");
                // Long enough for a member the broker forgot to be told so (its next heartbeat) and to rejoin.
                await Task.Delay(TimeSpan.FromMilliseconds(2 * SessionTimeoutMs), cancellationToken);
                rebalances += RebalanceLines(broker).Count;
                assignedCallbacks += consumers.Sum(c => c.AssignedCallbacks) - callbacks;
                generations.Add((before, Generation(broker)));

                var committed = new List<TopicPartitionOffset>();
                foreach (var consumer in consumers)
                {
                    committed.AddRange(await consumer.CommitAsync());
                }

                await broker.KillAsync();
                await broker.DisposeAsync();
                broker = await BrokerProcess.StartAsync(campaign, dataDirectory, broker.Port);
                var stored = await CommittedAsync(broker.Bootstrap);
                committedCount += committed.Count;
                lost += committed.Count(c => stored.GetValueOrDefault(c.Partition.Value, -1) < c.Offset.Value);
                await UntilAsync(() => consumers.Sum(c => c.Assigned) == Partitions, "both consumers' assignments after the SIGKILL");
            }

            var generationText = string.Join(", ", generations.Select(g => $"{g.Before} → {g.After}"));
            Figure[] figures =
            [
                new("clean restarts (SIGTERM) with 2 consumers in the group", rounds.ToString(CultureInfo.InvariantCulture)),
                new("group generation before → after each clean restart", generationText, generations.All(g => g.Before == g.After && g.Before > 0)),
                new("rebalances triggered by the clean restarts", rebalances.ToString(CultureInfo.InvariantCulture), rebalances == 0),
                new("partition-assigned callbacks in the consumers after the clean restarts", assignedCallbacks.ToString(CultureInfo.InvariantCulture), assignedCallbacks == 0),
                new("committed offsets lost after SIGKILL", $"{lost} of {committedCount}", lost == 0),
            ];
            var method = $"""
                `kpipe broker start` runs as a process with the default flush policy; two Confluent.Kafka consumers (session
                timeout {SessionTimeoutMs} ms, heartbeat 500 ms) form group `{GroupId}` over {Partitions} partitions. Each round
                stops the broker with SIGTERM and starts it on the same data directory and port, produces {Records:N0}
                records, waits until they are consumed and two session timeouts more, then reads the group's generation from
                the broker's log (the generation it last moved to before, the one it restored or moved to after) and counts
                the rebalances the restarted broker logged and the consumers' partition-assigned callbacks. Then both
                consumers commit synchronously, the broker is SIGKILLed and restarted, and each committed offset is read back
                with ListConsumerGroupOffsets.
                """;
            return new ScenarioResult(figures, method);
        }
        finally
        {
            foreach (var consumer in consumers)
            {
                consumer.Dispose();
            }

            await broker.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>The group's generation as the broker last logged it: a completed rebalance or a restore at start; 0 when neither.</summary>
    private static int Generation(BrokerProcess broker)
    {
        var last = broker.LogLines.Select(l => GenerationLine().Match(l)).LastOrDefault(m => m.Success);
        return last is null ? 0 : int.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static List<string> RebalanceLines(BrokerProcess broker) =>
        [.. broker.LogLines.Where(l => l.Contains($"Group {GroupId} moved to generation", StringComparison.Ordinal))];

    private static async Task<Dictionary<int, long>> CommittedAsync(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var result = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(GroupId, null)]);
        return result.Single().Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
    }

    private static async Task Produce(string bootstrap, int count)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 5 }).Build();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(new TopicPartition(Topic, i % Partitions), new Message<Null, string> { Value = $"r{i}" });
        }

        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(60)));
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{what} did not happen within 60 s");
            }

            await Task.Delay(50);
        }
    }

    [GeneratedRegex($"Group {GroupId} (?:moved to|restored as \\w+ at) generation (\\d+)")]
    private static partial Regex GenerationLine();
}
