using System.Diagnostics;
using System.Text.Json;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>KafkaJS 2.x (installed from npm into a temp folder at test time, never committed) against the in-process broker.</summary>
[Trait("Category", "Clients")]
public sealed class KafkaJsClientTests : IAsyncLifetime
{
    private const string KafkaJsVersion = "2.2.4";
    private readonly string _workDirectory = Directory.CreateTempSubdirectory("kpipe-kafkajs-").FullName;
    private TestBroker _host = null!;

    public async Task InitializeAsync() => _host = await TestBroker.StartAsync(TestBroker.ForClients);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_workDirectory, recursive: true);
    }

    [Fact]
    public async Task KafkaJS_creates_a_topic_reads_its_metadata_produces_and_consumes_in_a_group_with_commits()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var install = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", $"kafkajs@{KafkaJsVersion}"], [], timeout.Token);
        Assert.True(install.ExitCode == 0, $"npm install kafkajs failed (is npm on PATH and the registry reachable?):\n{install.Output}{install.Errors}");
        var script = Path.Combine(_workDirectory, "group-smoke.mjs");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Groups", "KafkaJs", "group-smoke.mjs"), script);

        var run = await RunAsync("node", [script],
            [("BROKER", _host.BootstrapServers), ("TOPIC", "kafkajs-topic"), ("GROUP", "kafkajs-group"), ("COUNT", "30")], timeout.Token);

        Assert.True(run.ExitCode == 0, run.Output + run.Errors);
        using var summary = JsonDocument.Parse(run.Output.Trim().Split('\n').Last());
        Assert.True(summary.RootElement.GetProperty("created").GetBoolean());
        Assert.Equal(3, summary.RootElement.GetProperty("partitionCount").GetInt32());
        Assert.Equal(30, summary.RootElement.GetProperty("consumed").GetInt32());
        Assert.Equal(30, summary.RootElement.GetProperty("committed").GetInt32());
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, string[] arguments, (string Name, string Value)[] environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = _workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
