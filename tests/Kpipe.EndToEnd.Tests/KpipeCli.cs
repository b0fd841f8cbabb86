namespace Kpipe.EndToEnd.Tests;

/// <summary>The built CLI (<c>kpipe.dll</c>, copied beside the tests by the project reference) run as a real process.</summary>
public static class KpipeCli
{
    public static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "kpipe.dll");

    /// <summary>The command line make should use for <c>$(KPIPE)</c>, so make targets run this build.</summary>
    public static string MakeCommand => $"dotnet {Assembly}";

    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan? timeout = null, byte[]? stdin = null) =>
        ProcessRunner.RunAsync("dotnet", new[] { Assembly }.Concat(arguments), timeout ?? TimeSpan.FromSeconds(60), environment, stdin: stdin);
}
