namespace Kpipe.Pipeline.Runtime;

/// <summary>The production fault injector: does nothing.</summary>
public sealed class NoFaults : IFaultInjector
{
    /// <inheritdoc />
    public void Reached(FaultPoint point, long batchId)
    {
    }
}
