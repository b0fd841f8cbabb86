using System.Diagnostics;
using System.Globalization;
using Kpipe.Broker.Storage;

namespace Kpipe.Cli.Commands;

/// <summary>Where a background broker keeps its pid, address and log: beside its data directory (e.g. <c>.kpipe/</c>).</summary>
internal sealed class ClusterFiles(string dataDirectory)
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public string StateDirectory => Path.GetDirectoryName(DataDirectory.TrimEnd(Path.DirectorySeparatorChar)) ?? DataDirectory;

    public string PidFile => Path.Combine(StateDirectory, "broker.pid");

    public string AddressFile => Path.Combine(StateDirectory, "broker.address");

    public string LogFile => Path.Combine(StateDirectory, "broker.log");

    /// <summary>The pid of a live broker from the pid file; a stale pid file (process gone) is removed.</summary>
    public int? RunningPid()
    {
        if (!File.Exists(PidFile))
        {
            return null;
        }

        if (int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid))
        {
            return pid;
        }

        Clear();
        return null;
    }

    public string? Address() => File.Exists(AddressFile) ? File.ReadAllText(AddressFile).Trim() : null;

    /// <summary>
    /// The bytes a partition's log segments hold on disk (what Kafka's DescribeLogDirs reports as its size), read from the
    /// broker's partition directory; null when there is none.
    /// </summary>
    public long? PartitionBytes(string topic, int partition)
    {
        var directory = new DirectoryInfo(PartitionDirectory.Of(DataDirectory, topic, partition));
        return directory.Exists ? directory.EnumerateFiles("*.log").Sum(f => f.Length) : null;
    }

    public void Record(int pid, string address)
    {
        File.WriteAllText(PidFile, pid.ToString(CultureInfo.InvariantCulture) + "\n");
        File.WriteAllText(AddressFile, address + "\n");
    }

    public void Clear()
    {
        File.Delete(PidFile);
        File.Delete(AddressFile);
    }

    /// <summary>The last lines of the broker log, to explain a failed start.</summary>
    public string LogTail(int lines)
    {
        if (!File.Exists(LogFile))
        {
            return "";
        }

        var all = File.ReadAllLines(LogFile);
        return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !IsZombie(pid);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsZombie(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        var text = File.ReadAllText(stat);
        var afterName = text.LastIndexOf(')');
        return afterName > 0 && text.Length > afterName + 2 && text[afterName + 2] == 'Z';
    }
}
