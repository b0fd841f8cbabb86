using System.Globalization;

namespace Kpipe.Bench;

/// <summary>
/// The CPU time and peak resident memory of a running process, sampled from <c>/proc</c> (the last sample stands once
/// it has exited).
/// </summary>
public sealed class ProcUsage(int pid)
{
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU time at the last sample.</summary>
    public TimeSpan Cpu { get; private set; }

    /// <summary>Peak resident memory (VmHWM) at the last sample, in bytes.</summary>
    public long PeakResidentBytes { get; private set; }

    /// <summary>Reads the process's figures now; does nothing once it is gone.</summary>
    public void Sample()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start after its closing parenthesis: utime is 14th, stime 15th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            Cpu = TimeSpan.FromSeconds(ticks / TicksPerSecond);
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    PeakResidentBytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Exited between two samples: the last sample stands.
        }
    }
}
