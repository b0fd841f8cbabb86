namespace Kpipe.Testing;

/// <summary>How a finished process ended and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
