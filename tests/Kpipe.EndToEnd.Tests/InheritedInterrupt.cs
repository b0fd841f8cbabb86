using System.Diagnostics;
using System.Globalization;

namespace Kpipe.EndToEnd.Tests;

/// <summary>
/// Whether a child process will see SIGINT. A process started in the background by a non-interactive shell inherits
/// SIGINT as ignored, .NET keeps it ignored, and so does every child it starts; coreutils' env (8.31 and later) starts a
/// program with it back at its default.
/// </summary>
internal static class InheritedInterrupt
{
    private const int SigInt = 2;
    private static readonly Lazy<bool> EnvRestores = new(() => Succeeds("env", "--default-signal=INT", "true"));

    /// <summary>The program and leading arguments that run a command with SIGINT at its default, or none when env cannot.</summary>
    public static IReadOnlyList<string> RestoringPrefix => EnvRestores.Value ? ["env", "--default-signal=INT"] : [];

    /// <summary>Why a test that interrupts a child cannot run here, or null when it can.</summary>
    public static string? WhyChildrenCannotBeInterrupted() =>
        !EnvRestores.Value && IgnoredHere()
            ? "SIGINT is ignored by this test process (it was started in the background by a non-interactive shell) and this env cannot restore it (--default-signal needs coreutils 8.31)"
            : null;

    // Linux lists the ignored signals as a hex mask in /proc/self/status, bit n-1 for signal n.
    private static bool IgnoredHere()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return false;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (SigInt - 1))) != 0;
    }

    private static bool Succeeds(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
