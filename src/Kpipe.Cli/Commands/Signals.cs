using System.Runtime.InteropServices;

namespace Kpipe.Cli.Commands;

/// <summary>Sends POSIX signals to another process (.NET only offers SIGKILL through <c>Process.Kill</c>).</summary>
internal static partial class Signals
{
    public const int Terminate = 15;
    public const int Kill = 9;

    public static bool Send(int pid, int signal) => SendSignal(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
