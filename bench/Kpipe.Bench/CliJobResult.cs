namespace Kpipe.Bench;

/// <summary>
/// What one CLI job run measured: its records, start-up and group join apart from its rate, its cost, and how its
/// batches followed each other (from the plan and commit entries of its checkpoint).
/// </summary>
public sealed record CliJobResult(
    long Records,
    int Batches,
    TimeSpan StartUp,
    TimeSpan Join,
    double RecordsPerSecond,
    long PeakResidentBytes,
    TimeSpan Cpu,
    TimeSpan FirstPlan,
    TimeSpan IdleBetweenBatches,
    TimeSpan LongestGap)
{
    /// <summary>CPU time of the job process per record, in microseconds (start-up and join included).</summary>
    public double CpuMicrosecondsPerRecord => Cpu.TotalMicroseconds / Records;
}
