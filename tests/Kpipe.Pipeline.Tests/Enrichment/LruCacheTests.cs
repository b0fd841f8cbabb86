using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Unit")]
public sealed class LruCacheTests
{
    [Fact]
    public void Full_cache_evicts_the_least_recently_used_entry()
    {
        var cache = new LruCache<int, string>(3);
        cache.Set(1, "a");
        cache.Set(2, "b");
        cache.Set(3, "c");

        Assert.True(cache.TryGet(1, out _));
        cache.Set(4, "d");

        Assert.False(cache.TryGet(2, out _));
        Assert.True(cache.TryGet(1, out var one));
        Assert.Equal("a", one);
        Assert.True(cache.TryGet(3, out _));
        Assert.True(cache.TryGet(4, out _));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void Updating_an_entry_replaces_its_value_and_makes_it_recent()
    {
        var cache = new LruCache<int, string>(2);
        cache.Set(1, "a");
        cache.Set(2, "b");

        cache.Set(1, "a2");
        cache.Set(3, "c");

        Assert.True(cache.TryGet(1, out var one));
        Assert.Equal("a2", one);
        Assert.False(cache.TryGet(2, out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Capacity_zero_caches_nothing()
    {
        var cache = new LruCache<int, string>(0);

        cache.Set(1, "a");

        Assert.False(cache.TryGet(1, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Grows_past_its_initial_arrays_and_keeps_every_entry_up_to_capacity()
    {
        var cache = new LruCache<int, int>(5000);
        for (var i = 0; i < 5000; i++)
        {
            cache.Set(i, i * 2);
        }

        for (var i = 0; i < 5000; i++)
        {
            Assert.True(cache.TryGet(i, out var value));
            Assert.Equal(i * 2, value);
        }
        cache.Set(5000, 1);
        Assert.False(cache.TryGet(0, out _));
    }

    [Fact]
    public async Task Concurrent_readers_and_writers_never_see_a_wrong_value_or_exceed_capacity()
    {
        var cache = new LruCache<int, int>(256);
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 200_000; i++)
            {
                var key = random.Next(1024);
                if (cache.TryGet(key, out var value))
                {
                    Assert.Equal(key * 7, value);
                }
                else
                {
                    cache.Set(key, key * 7);
                }
            }
        }));

        await Task.WhenAll(workers);

        Assert.Equal(256, cache.Count);
    }
}
