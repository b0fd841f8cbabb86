namespace Kpipe.Bench;

/// <summary>What one CLI job run measured: its records, start-up and group join apart from its rate, and its cost.</summary>
public sealed record CliJobResult(long Records, int Batches, TimeSpan StartUp, TimeSpan Join, double RecordsPerSecond, long PeakResidentBytes, TimeSpan Cpu)
{
    /// <summary>CPU time of the job process per record, in microseconds (start-up and join included).</summary>
    public double CpuMicrosecondsPerRecord => Cpu.TotalMicroseconds / Records;
}
