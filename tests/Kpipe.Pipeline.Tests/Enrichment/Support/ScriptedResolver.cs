using System.Collections.Concurrent;
using System.Net;
using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Tests.Enrichment.Support;

/// <summary>A reverse-DNS resolver whose answers the test scripts per address; counts calls and peak concurrency.</summary>
internal sealed class ScriptedResolver(Func<IPAddress, CancellationToken, Task<string?>> answer) : IReverseDnsResolver
{
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private int _running;
    private int _peak;

    public int Peak => Volatile.Read(ref _peak);

    public int TotalCalls => _calls.Values.Sum();

    public int CallsFor(string address) => _calls.GetValueOrDefault(address);

    public async Task<string?> ResolveAsync(IPAddress address, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(address.ToString(), 1, (_, n) => n + 1);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _peak, running);
        try
        {
            return await answer(address, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
