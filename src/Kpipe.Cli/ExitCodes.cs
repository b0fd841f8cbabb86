namespace Kpipe.Cli;

/// <summary>Process exit codes: 0 success, 1 a failure the user can act on, 130 Ctrl-C, 70 a bug (EX_SOFTWARE).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Bug = 70;
    public const int Interrupted = 130;
}
