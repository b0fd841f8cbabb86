using Confluent.Kafka;

namespace Kpipe.Reliability;

/// <summary>
/// A Confluent.Kafka group member polled on its own thread, counting its partition-assigned callbacks (each one ends a
/// rebalance it took part in), and committing on request from that thread, as the client requires.
/// </summary>
public sealed class GroupConsumer : IDisposable
{
    private readonly IConsumer<Ignore, string> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private TaskCompletionSource<List<TopicPartitionOffset>>? _commit;
    private int _assignedCallbacks;
    private int _assigned;

    /// <summary>Joins <paramref name="groupId"/> subscribed to <paramref name="topic"/> and starts polling.</summary>
    public GroupConsumer(string bootstrap, string groupId, string topic, int sessionTimeoutMs)
    {
        _consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            SessionTimeoutMs = sessionTimeoutMs,
            HeartbeatIntervalMs = 500,
            ReconnectBackoffMs = 20,
            ReconnectBackoffMaxMs = 200,
        }).SetPartitionsAssignedHandler((_, partitions) =>
        {
            Interlocked.Increment(ref _assignedCallbacks);
            Volatile.Write(ref _assigned, partitions.Count);
        }).SetLogHandler((_, _) =>
        {
            // Reconnect chatter while the broker restarts is expected; the scenario measures the outcome.
        }).Build();
        _consumer.Subscribe(topic);
        _loop = Task.Factory.StartNew(Poll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Partition-assigned callbacks so far.</summary>
    public int AssignedCallbacks => Volatile.Read(ref _assignedCallbacks);

    /// <summary>Partitions in the last assignment.</summary>
    public int Assigned => Volatile.Read(ref _assigned);

    /// <summary>Records consumed so far.</summary>
    public long Consumed { get; private set; }

    /// <summary>Commits the consumed positions synchronously on the polling thread; returns what the broker accepted.</summary>
    public Task<List<TopicPartitionOffset>> CommitAsync()
    {
        var commit = new TaskCompletionSource<List<TopicPartitionOffset>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _commit, commit);
        return commit.Task;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait();
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Poll()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false })
            {
                Consumed++;
            }

            if (Interlocked.Exchange(ref _commit, null) is { } commit)
            {
                try
                {
                    commit.SetResult(_consumer.Commit());
                }
                catch (KafkaException e)
                {
                    commit.SetException(e);
                }
            }
        }
    }
}
