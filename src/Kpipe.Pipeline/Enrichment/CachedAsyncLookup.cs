using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Runs slow per-address lookups (reverse DNS, web API) with an LRU cache, one in-flight lookup per address, a
/// concurrency limit, a bounded queue and a per-lookup timeout. Lookups outlive the caller's wait: a result that arrives
/// late is cached for the next batch. Never throws to callers: a failed lookup yields the failure value, and a request
/// that finds the queue full yields the busy value without queuing (a later batch asks again).
/// </summary>
internal sealed class CachedAsyncLookup<TValue> : IDisposable
{
    private readonly Func<IpAddressKey, CancellationToken, Task<TValue>> _lookup;
    private readonly TValue _failureValue;
    private readonly TValue _busyValue;
    private readonly bool _cacheFailures;
    private readonly int _maxQueued;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly LruCache<IpAddressKey, TValue> _cache;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _inFlightLock = new();
    private readonly Dictionary<IpAddressKey, TaskCompletionSource<TValue>> _inFlight = [];
    private readonly CancellationTokenSource _disposed = new();

    /// <param name="lookup">The lookup; it may throw, and is given a token that fires at the timeout.</param>
    /// <param name="failureValue">What callers get when a lookup fails or times out.</param>
    /// <param name="busyValue">What callers get when <see cref="MaxQueuedPerSlot"/> lookups per slot are already waiting.</param>
    /// <param name="cacheFailures">Whether a failure is remembered (negative caching) or retried on the next request.</param>
    public CachedAsyncLookup(
        Func<IpAddressKey, CancellationToken, Task<TValue>> lookup,
        TValue failureValue,
        TValue busyValue,
        bool cacheFailures,
        GeoOptions options,
        ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LookupTimeout, TimeSpan.Zero);
        _lookup = lookup;
        _failureValue = failureValue;
        _busyValue = busyValue;
        _cacheFailures = cacheFailures;
        _maxQueued = options.Concurrency * MaxQueuedPerSlot;
        _timeout = options.LookupTimeout;
        _logger = logger;
        _cache = new LruCache<IpAddressKey, TValue>(options.CacheSize);
        _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
    }

    /// <summary>Queue bound: lookups running or waiting, per concurrent slot.</summary>
    public const int MaxQueuedPerSlot = 64;

    /// <summary>How many lookups are running or waiting for a slot.</summary>
    public int InFlight
    {
        get
        {
            lock (_inFlightLock)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>The cached value, or the running lookup for <paramref name="key"/> (starting it when there is none).</summary>
    public Task<TValue> GetAsync(IpAddressKey key)
    {
        if (_cache.TryGet(key, out var cached))
        {
            return Task.FromResult(cached);
        }
        TaskCompletionSource<TValue> completion;
        lock (_inFlightLock)
        {
            if (_inFlight.TryGetValue(key, out var running))
            {
                return running.Task;
            }
            // A lookup that finished between the cache check and the lock has already cached its value.
            if (_cache.TryGet(key, out cached))
            {
                return Task.FromResult(cached);
            }
            if (_inFlight.Count >= _maxQueued)
            {
                return Task.FromResult(_busyValue);
            }
            completion = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight[key] = completion;
        }
        _ = RunAsync(key, completion);
        return completion.Task;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Cancel only: lookups still finishing use the token source and the semaphore after this point,
        // and neither holds an unmanaged resource here.
        _disposed.Cancel();
    }

    private async Task RunAsync(IpAddressKey key, TaskCompletionSource<TValue> completion)
    {
        var value = _failureValue;
        var cache = _cacheFailures;
        try
        {
            var token = _disposed.Token;
            await _slots.WaitAsync(token).ConfigureAwait(false);
            var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            Task<TValue> lookup;
            try
            {
                timeout.CancelAfter(_timeout);
                lookup = _lookup(key, timeout.Token);
            }
            catch
            {
                timeout.Dispose();
                _slots.Release();
                throw;
            }
            // The slot is held until the lookup really ends, even past its timeout, so that a resolver that ignores
            // cancellation (the operating system's may) can never have more than the limit running.
            _ = lookup.ContinueWith(
                static (finished, state) =>
                {
                    _ = finished.Exception;
                    var (slots, source) = ((SemaphoreSlim, CancellationTokenSource))state!;
                    source.Dispose();
                    slots.Release();
                },
                (_slots, timeout),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            value = await lookup.WaitAsync(_timeout, token).ConfigureAwait(false);
            cache = true;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            cache = false;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            _logger.LookupTimedOut(key.ToString(), _timeout);
        }
        catch (Exception e)
        {
            _logger.LookupFailed(key.ToString(), e);
        }
        if (cache)
        {
            _cache.Set(key, value);
        }
        lock (_inFlightLock)
        {
            _inFlight.Remove(key);
        }
        completion.TrySetResult(value);
    }
}
