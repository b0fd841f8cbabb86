using System.Diagnostics;

namespace Kpipe.Testing;

/// <summary>Awaits a condition by checking it every few milliseconds, so tests wait for a state instead of sleeping a fixed time.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> when it still does not after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what = "the condition")
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} did not hold within {timeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(Interval);
        }
    }
}
