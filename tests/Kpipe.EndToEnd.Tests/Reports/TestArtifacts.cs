namespace Kpipe.EndToEnd.Tests.Reports;

/// <summary>
/// Where tests keep files for a person to look at after the run (screenshots): <c>KPIPE_TEST_ARTIFACTS</c>, which the
/// Makefile sets to <c>$(RESULTS_DIR)/artifacts</c>, or <c>TestResults/artifacts</c> under the repository.
/// </summary>
public static class TestArtifacts
{
    public const string Variable = "KPIPE_TEST_ARTIFACTS";

    /// <summary>The path for an artifact named <paramref name="fileName"/>, its folder created.</summary>
    public static string File(string fileName)
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        var directory = string.IsNullOrEmpty(configured) ? Path.Combine(RepositoryRoot.Path, "TestResults", "artifacts") : Path.GetFullPath(configured);
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, fileName);
    }
}
