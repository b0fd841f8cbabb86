using System.Diagnostics;

namespace Kpipe.Broker.Tests.Integration;

/// <summary>
/// A temp directory with an 8 MiB tmpfs mounted on it, for a real "no space left on device"; mounting needs root (or
/// CAP_SYS_ADMIN), so <see cref="TryCreate"/> says why when it cannot.
/// </summary>
internal sealed class SizeLimitedDirectory : IDisposable
{
    private readonly TempDirectory _mountPoint;
    private string? _filler;

    private SizeLimitedDirectory(TempDirectory mountPoint) => _mountPoint = mountPoint;

    public string Path => _mountPoint.Path;

    /// <summary>Mounts the tmpfs, or returns null with <paramref name="reason"/> saying why mounting failed.</summary>
    public static SizeLimitedDirectory? TryCreate(out string? reason)
    {
        var mountPoint = new TempDirectory("kpipe-tmpfs-");
        var (exit, output) = Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint.Path);
        if (exit != 0)
        {
            mountPoint.Dispose();
            reason = $"cannot mount a size-limited tmpfs here (mount exited {exit}: {output.Trim()})";
            return null;
        }

        reason = null;
        return new SizeLimitedDirectory(mountPoint);
    }

    /// <summary>Takes every free byte with a filler file, so the next write that needs a new block fails with ENOSPC.</summary>
    public void Fill()
    {
        _filler = System.IO.Path.Combine(Path, "filler");
        using var file = new FileStream(_filler, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // The filesystem is full, which is the point.
        }
    }

    /// <summary>Deletes the filler file: the space is back.</summary>
    public void Free()
    {
        if (_filler is not null)
        {
            File.Delete(_filler);
            _filler = null;
        }
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        _mountPoint.Dispose();
    }

    private static (int Exit, string Output) Run(string program, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            args.ToList().ForEach(info.ArgumentList.Add);
            using var process = Process.Start(info)!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
