using System.Diagnostics;

namespace Kpipe.Reliability;

/// <summary>
/// Samples a broker process's resident memory at a fixed interval in the background, and says whether it levelled off:
/// the growth from the middle third of the samples to the last third, and the least-squares slope over the second half.
/// </summary>
public sealed class RssSampler : IAsyncDisposable
{
    private readonly BrokerProcess _broker;
    private readonly TimeSpan _interval;
    private readonly List<(double Seconds, long Bytes)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _sampling;

    /// <summary>Starts sampling <paramref name="broker"/> every <paramref name="interval"/>, the first sample at once.</summary>
    public RssSampler(BrokerProcess broker, TimeSpan interval)
    {
        _broker = broker;
        _interval = interval;
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>Time since sampling started, on the clock the samples are stamped with.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The samples so far: seconds since the start, and bytes.</summary>
    public IReadOnlyList<(double Seconds, long Bytes)> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>Mean of the last third of the samples minus the mean of the middle third, in bytes.</summary>
    public static double ThirdsGrowth(IReadOnlyList<(double Seconds, long Bytes)> samples, out double middleMean)
    {
        var third = samples.Count / 3;
        if (third == 0)
        {
            middleMean = samples.Count == 0 ? 0 : samples.Average(s => s.Bytes);
            return 0;
        }
        middleMean = samples.Skip(third).Take(third).Average(s => s.Bytes);
        return samples.Skip(samples.Count - third).Average(s => s.Bytes) - middleMean;
    }

    /// <summary>The least-squares slope of the second half of the samples, in bytes per second.</summary>
    public static double SecondHalfSlope(IReadOnlyList<(double Seconds, long Bytes)> samples)
    {
        var half = samples.Skip(samples.Count / 2).ToList();
        if (half.Count < 2)
        {
            return 0;
        }
        var meanX = half.Average(s => s.Seconds);
        var meanY = half.Average(s => (double)s.Bytes);
        var covariance = half.Sum(s => (s.Seconds - meanX) * (s.Bytes - meanY));
        var variance = half.Sum(s => (s.Seconds - meanX) * (s.Seconds - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }

    /// <summary>Stops sampling.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        do
        {
            var bytes = _broker.ResidentBytes;
            if (bytes < 0)
            {
                return;
            }
            lock (_samples)
            {
                _samples.Add((_clock.Elapsed.TotalSeconds, bytes));
            }
        }
        while (await Wait(timer));
    }

    private async Task<bool> Wait(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
