using Confluent.Kafka;

namespace Kpipe.Reliability.Load;

/// <summary>
/// Consumer groups, each of several Confluent.Kafka consumers subscribed to every load topic, each consumer polling on
/// a thread of its own. Per group and partition it checks that offsets arrive in order with no gap and counts repeats.
/// </summary>
public sealed class ConsumerFleet : IAsyncDisposable
{
    private readonly LoadTopics _topics;
    private readonly List<Member> _members = [];
    private readonly long[][] _next;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _polling = [];
    private readonly Lock _errorLock = new();
    private long _consumed;
    private long _duplicates;
    private long _gaps;
    private long _errors;
    private string? _firstError;

    /// <summary>Creates <paramref name="groups"/> groups of <paramref name="members"/> consumers each and starts them polling.</summary>
    public ConsumerFleet(string bootstrap, int groups, int members, LoadTopics topics)
    {
        _topics = topics;
        _next = [.. Enumerable.Range(0, groups).Select(_ => new long[topics.TotalPartitions])];
        for (var g = 0; g < groups; g++)
        {
            for (var m = 0; m < members; m++)
            {
                var config = new ConsumerConfig
                {
                    BootstrapServers = bootstrap,
                    GroupId = $"load-group-{g}",
                    ClientId = $"load-consumer-{g}-{m}",
                    AutoOffsetReset = AutoOffsetReset.Earliest,
                };
                var member = new Member(g);
                member.Consumer = new ConsumerBuilder<byte[], byte[]>(config)
                    .SetErrorHandler((_, e) => Error(e.Reason))
                    .SetPartitionsAssignedHandler((_, assigned) => member.Assigned = member.Assigned.Union(assigned).ToHashSet())
                    .SetPartitionsRevokedHandler((_, revoked) => member.Assigned = member.Assigned.Except(revoked.Select(r => r.TopicPartition)).ToHashSet())
                    .Build();
                member.Consumer.Subscribe(topics.Names);
                _members.Add(member);
            }
        }
        foreach (var member in _members)
        {
            _polling.Add(Task.Factory.StartNew(() => Poll(member), TaskCreationOptions.LongRunning));
        }
    }

    /// <summary>Records received, over all groups, counting repeats.</summary>
    public long Consumed => Interlocked.Read(ref _consumed);

    /// <summary>Records a group received again (an offset at or below one it had already seen on that partition).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Times a group's next offset on a partition skipped past the one expected.</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Consume errors and client errors the consumers reported.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The first error's text, if any.</summary>
    public string? FirstError => _firstError;

    /// <summary>Waits until every member holds partitions and every group has all of them assigned: the groups have settled.</summary>
    public Task WaitForAssignmentsAsync(TimeSpan timeout, CancellationToken cancellationToken) => UntilAsync(
        () => _members.All(m => m.Assigned.Count > 0) && _members.GroupBy(m => m.Group).All(g => g.Sum(m => m.Assigned.Count) == _topics.TotalPartitions),
        timeout, "every group to have all its partitions assigned", cancellationToken);

    /// <summary>Waits until every group has read each partition up to <paramref name="delivered"/>'s count.</summary>
    public Task WaitUntilCaughtUpAsync(long[] delivered, TimeSpan timeout, CancellationToken cancellationToken) => UntilAsync(
        () => _next.All(group => group.Select((next, i) => Interlocked.Read(ref group[i]) >= delivered[i]).All(done => done)),
        timeout, "every group to read every acknowledged record", cancellationToken);

    /// <summary>Stops polling and closes every consumer (leaving its group).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_polling);
        await Task.WhenAll(_members.Select(m => Task.Run(() =>
        {
            m.Consumer.Close();
            m.Consumer.Dispose();
        })));
        _stop.Dispose();
    }

    private void Poll(Member member)
    {
        var next = _next[member.Group];
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<byte[], byte[]>? result;
            try
            {
                result = member.Consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException e)
            {
                Error(e.Error.Reason);
                continue;
            }
            if (result?.Message is null)
            {
                continue;
            }
            Interlocked.Increment(ref _consumed);
            var index = _topics.IndexOf(result.Topic, result.Partition.Value);
            var offset = result.Offset.Value;
            // A partition has one owner in a group at a time; the lock covers the hand-over during a rebalance.
            lock (next)
            {
                if (offset < next[index])
                {
                    Interlocked.Increment(ref _duplicates);
                }
                else
                {
                    if (offset > next[index])
                    {
                        Interlocked.Increment(ref _gaps);
                    }
                    Interlocked.Exchange(ref next[index], offset + 1);
                }
            }
        }
    }

    private void Error(string reason)
    {
        lock (_errorLock)
        {
            _errors++;
            _firstError ??= reason;
        }
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            }
        }
    }

    private sealed class Member(int group)
    {
        public int Group { get; } = group;

        public IConsumer<byte[], byte[]> Consumer { get; set; } = null!;

        public HashSet<TopicPartition> Assigned { get; set; } = [];
    }
}
