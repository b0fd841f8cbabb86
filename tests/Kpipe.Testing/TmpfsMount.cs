using System.Diagnostics;

namespace Kpipe.Testing;

/// <summary>
/// A size-limited tmpfs mounted on a temp directory, for a real "no space left on device"; mounting needs root (or
/// CAP_SYS_ADMIN), so <see cref="TryMount"/> says why when it cannot.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private string? _filler;

    private TmpfsMount(string path, int megabytes)
    {
        Path = path;
        Megabytes = megabytes;
    }

    /// <summary>The mounted directory.</summary>
    public string Path { get; }

    /// <summary>The filesystem's size.</summary>
    public int Megabytes { get; }

    /// <summary>Mounts a <paramref name="megabytes"/> MiB tmpfs, or returns null with <paramref name="reason"/> saying why it could not.</summary>
    public static TmpfsMount? TryMount(int megabytes, out string? reason)
    {
        var path = Directory.CreateTempSubdirectory("kpipe-tmpfs-").FullName;
        var (exit, output) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        if (exit != 0)
        {
            Directory.Delete(path);
            reason = $"mount -t tmpfs failed ({exit}: {output.Trim()})";
            return null;
        }

        reason = null;
        return new TmpfsMount(path, megabytes);
    }

    /// <summary>Takes every free byte with a filler file, so the next write needing a new block fails with ENOSPC.</summary>
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

    /// <summary>Unmounts (lazily, in case a process still holds a file there) and removes the directory.</summary>
    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
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
