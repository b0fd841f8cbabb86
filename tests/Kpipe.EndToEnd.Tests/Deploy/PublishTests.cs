using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>
/// The Dockerfile's build stage replayed on this machine (no Docker engine here): the same COPYs into a scratch copy of
/// the build context and the same RUNs, including the project's one publish command, then a look at what it published.
/// </summary>
[Trait("Category", "Slow")]
[Trait("Category", "Deploy")]
public sealed class PublishTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _containerRoot = Directory.CreateTempSubdirectory("kpipe-docker-build-").FullName;

    [Fact]
    public async Task Docker_build_stage_publishes_the_kpipe_cli_with_linux_x64_librdkafka()
    {
        var emulator = new BuildStageEmulator(_containerRoot, DockerIgnore.Load(), log);
        var clock = Stopwatch.StartNew();

        await emulator.ReplayAsync(Dockerfile.Load().Stage("build"), TimeSpan.FromMinutes(5));
        log.WriteLine($"build stage replayed in {clock.Elapsed.TotalSeconds:0.0} s");

        var app = emulator.HostPath("/app");
        Assert.True(File.Exists(Path.Combine(app, "kpipe.dll")), "no kpipe.dll in /app");
        Assert.True(File.Exists(Path.Combine(app, "kpipe")), "no kpipe apphost in /app");
        Assert.True(File.Exists(Path.Combine(app, "Confluent.Kafka.dll")), "no Confluent.Kafka.dll in /app");
        var librdkafka = new FileInfo(Path.Combine(app, "runtimes", "linux-x64", "native", "librdkafka.so"));
        Assert.True(librdkafka.Exists && librdkafka.Length > 0, "no librdkafka.so for linux-x64 in /app");

        // The runtime image carries Microsoft.NETCore.App alone: the CLI must need that framework, at major version 10.
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "kpipe.runtimeconfig.json")));
        var framework = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("framework");
        Assert.Equal("Microsoft.NETCore.App", framework.GetProperty("name").GetString());
        Assert.StartsWith("10.", framework.GetProperty("version").GetString(), StringComparison.Ordinal);

        // What the image's `kpipe` wrapper does: the shared runtime running the published dll.
        var help = await ShellCommand.RunAsync($"dotnet \"{Path.Combine(app, "kpipe.dll")}\" --help", _containerRoot, TimeSpan.FromMinutes(1));
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("topic", help.Output, StringComparison.Ordinal);
        Assert.Contains("produce", help.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_containerRoot, recursive: true);
}
