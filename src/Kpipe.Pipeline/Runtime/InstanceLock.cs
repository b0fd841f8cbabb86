using System.Globalization;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// Holds a job instance's name for as long as one process runs it, so that two processes never write one checkpoint and
/// a restarted instance takes back its own: a lock file under the job's <c>_checkpoints</c> folder, released by the
/// operating system when the process ends, however it ends.
/// </summary>
public sealed class InstanceLock : IDisposable
{
    private const int MaxSlots = 1000;
    private readonly FileStream _file;

    private InstanceLock(FileStream file, string instanceId, string path)
    {
        _file = file;
        InstanceId = instanceId;
        Path = path;
    }

    /// <summary>The instance name this lock holds.</summary>
    public string InstanceId { get; }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes <paramref name="instanceId"/> under <paramref name="directory"/>; null when another process (or this one) holds it.</summary>
    public static InstanceLock? TryAcquire(string directory, string instanceId)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, instanceId + ".lock");
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock on Unix) that dies with the process.
            return new InstanceLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), instanceId, path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Takes the first free name of <c>&lt;prefix&gt;-1</c>, <c>&lt;prefix&gt;-2</c>, …: a restart takes back the name its
    /// previous run held (and with it that run's checkpoint), while instances running side by side get names of their own.
    /// </summary>
    public static InstanceLock AcquireFirstFree(string directory, string prefix)
    {
        for (var slot = 1; slot <= MaxSlots; slot++)
        {
            if (TryAcquire(directory, string.Create(CultureInfo.InvariantCulture, $"{prefix}-{slot}")) is { } taken)
            {
                return taken;
            }
        }
        throw new IOException($"all {MaxSlots} instance names {prefix}-1 … {prefix}-{MaxSlots} under {directory} are held by running jobs");
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
