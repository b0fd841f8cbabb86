namespace Kpipe.Pipeline.Runtime;

/// <summary>A seam the runtime calls at each <see cref="FaultPoint"/>; a test implementation throws there to simulate a crash.</summary>
public interface IFaultInjector
{
    /// <summary>Called when batch <paramref name="batchId"/> reaches <paramref name="point"/>.</summary>
    void Reached(FaultPoint point, long batchId);
}
