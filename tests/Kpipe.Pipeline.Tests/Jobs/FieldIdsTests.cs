using Kpipe.Pipeline.Jobs.StreamMetrics;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Unit")]
public sealed class FieldIdsTests
{
    [Fact]
    public void Threads_numbering_the_same_new_names_at_once_agree_on_every_id()
    {
        const int Threads = 4;
        var ids = new FieldIds();
        var names = Enumerable.Range(0, 5_000).Select(i => $"field_{i}").ToArray();
        var seen = new Dictionary<string, int>[Threads];
        var failures = new Exception?[Threads];
        using var start = new Barrier(Threads);

        // Each thread numbers every name, in an order of its own, at the same time as the others.
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var order = names.OrderBy(name => HashCode.Combine(name, t)).ToArray();
            start.SignalAndWait();
            try
            {
                seen[t] = order.ToDictionary(name => name, ids.IdOf);
            }
            catch (Exception e)
            {
                failures[t] = e;
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }
        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.All(failures, Assert.Null);
        Assert.Equal(names.Length, ids.Count);
        Assert.All(seen, view => Assert.Equal(seen[0].OrderBy(p => p.Key), view.OrderBy(p => p.Key)));
        Assert.All(names, name => Assert.Equal(name, ids.NameOf(seen[0][name])));
        Assert.Equal(Enumerable.Range(0, names.Length), seen[0].Values.Order());
    }
}
