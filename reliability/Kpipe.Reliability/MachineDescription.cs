using System.Runtime.InteropServices;

namespace Kpipe.Reliability;

/// <summary>A one-line description of the machine the figures were measured on (CPU model, cores, memory, OS, .NET).</summary>
public static class MachineDescription
{
    /// <summary>The description of this machine.</summary>
    public static string Current => $"{CpuModel()}, {Environment.ProcessorCount} cores, {MemoryGiB()} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    private static string CpuModel()
    {
        const string path = "/proc/cpuinfo";
        if (File.Exists(path))
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static long MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024L * 1024 * 1024);
}
