using Kpipe.Pipeline.Runtime;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>Simulates a crash: throws <see cref="InjectedCrashException"/> the first time a batch reaches the chosen point.</summary>
internal sealed class ThrowingFaults(FaultPoint point) : IFaultInjector
{
    public bool Fired { get; private set; }

    public void Reached(FaultPoint reached, long batchId)
    {
        if (reached == point && !Fired)
        {
            Fired = true;
            throw new InjectedCrashException(point);
        }
    }
}
