using System.Diagnostics;
using System.Globalization;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Bench;

/// <summary>
/// One table write: wall and CPU time, managed bytes allocated, the file's size and how far the process's peak resident
/// memory rose above its resident memory at the start (the peak is reset first, so native memory counts too).
/// </summary>
public sealed record WriteMeasurement(TimeSpan Wall, TimeSpan Cpu, long Allocated, long FileBytes, long PeakAddedBytes)
{
    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/> with <paramref name="writer"/> and measures it; deletes the file after.</summary>
    public static async Task<WriteMeasurement> TakeAsync(ITableWriter writer, ColumnarTable table, string path)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // Writing 5 to clear_refs sets VmHWM back to the current resident size (Linux 4.0 and later).
        File.WriteAllText("/proc/self/clear_refs", "5");
        var resident = Status("VmRSS:");
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await writer.WriteAsync(path, table, CancellationToken.None);
        clock.Stop();
        var allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        process.Refresh();
        var measurement = new WriteMeasurement(clock.Elapsed, process.TotalProcessorTime - cpu, allocatedAfter - allocated, new FileInfo(path).Length, Status("VmHWM:") - resident);
        File.Delete(path);
        return measurement;
    }

    /// <summary>The median of each figure on its own.</summary>
    public static WriteMeasurement Median(IReadOnlyList<WriteMeasurement> all) => new(
        TimeSpan.FromTicks((long)Statistics.Median(all.Select(m => (double)m.Wall.Ticks))),
        TimeSpan.FromTicks((long)Statistics.Median(all.Select(m => (double)m.Cpu.Ticks))),
        (long)Statistics.Median(all.Select(m => (double)m.Allocated)),
        (long)Statistics.Median(all.Select(m => (double)m.FileBytes)),
        (long)Statistics.Median(all.Select(m => (double)m.PeakAddedBytes)));

    /// <summary>The figures in one line, per record where that reads better.</summary>
    public string Describe(int records) => string.Create(CultureInfo.InvariantCulture,
        $"wall {Wall.TotalMilliseconds,6:N0} ms ({Wall.TotalMicroseconds / records:F2} µs/rec), CPU {Cpu.TotalMilliseconds,6:N0} ms ({Cpu.TotalMicroseconds / records:F2} µs/rec), alloc {Allocated / 1048576.0,6:N1} MiB, file {FileBytes / 1048576.0,6:N1} MiB, peak RSS +{PeakAddedBytes / 1048576.0,6:N1} MiB");

    private static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"/proc/self/status has no {field}");
    }
}
