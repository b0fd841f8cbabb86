namespace Kpipe.EndToEnd.Tests.Reports;

/// <summary>
/// The Chromium the browser tests drive through Playwright's executable path (Playwright cannot download its own
/// browsers here): <c>KPIPE_CHROMIUM</c> when set, otherwise the first of the usual names on the PATH.
/// </summary>
public static class Chromium
{
    public const string Variable = "KPIPE_CHROMIUM";

    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>The executable; fails the test, saying how to install one, when there is none.</summary>
    public static string Executable()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            Assert.True(File.Exists(configured), $"{Variable}={configured} does not exist; point it at a Chromium or Chrome executable");
            return configured;
        }
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => Names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
        Assert.True(found is not null,
            $"no Chromium found (looked for {string.Join(", ", Names)} on the PATH): install it with `apt-get install -y chromium` " +
            $"(CI's .ci/run does), or set {Variable} to a Chromium or Chrome executable");
        return found!;
    }
}
