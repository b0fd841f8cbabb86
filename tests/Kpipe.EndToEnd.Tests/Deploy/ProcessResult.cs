namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>How a finished child process ended: exit code and everything it wrote.</summary>
internal sealed record ProcessResult(int ExitCode, string Output);
