using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace Kpipe.EndToEnd.Tests;

// Behaviour bounds, not benchmarks: the target is 3 s (1 s for Ctrl-C); the assertions allow for a loaded machine.
[Trait("Category", "Slow")]
public sealed class FastErrorTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _directory = new("kpipe-e2e-fast-errors-");

    [Theory]
    [InlineData("topic", "list")]
    [InlineData("topic", "create", "t")]
    [InlineData("topic", "describe", "t")]
    [InlineData("topic", "delete", "t")]
    [InlineData("group", "list")]
    [InlineData("group", "describe", "g")]
    [InlineData("consume", "t")]
    [InlineData("job", "run", "consumer", "--topic", "t")]
    public async Task A_command_reports_an_unreachable_broker_in_one_line_within_seconds(params string[] command)
    {
        var bootstrap = $"127.0.0.1:{FreePort.Reserve()}";

        var (result, elapsed) = await TimedAsync([.. command, "--bootstrap", bootstrap, .. OutputFor(command)]);

        output.WriteLine($"{string.Join(' ', command)}: {elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"kpipe: no broker answered at {bootstrap} (connection refused); start one with 'make start_cluster' or 'kpipe cluster start', or check --bootstrap", result.Stderr);
        Assert.True(elapsed < Bound, $"took {elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_port_that_does_not_speak_Kafka_is_reported_without_waiting_for_client_timeouts()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var bootstrap = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

        var (result, elapsed) = await TimedAsync(["topic", "list", "--bootstrap", bootstrap]);

        output.WriteLine($"silent port: {elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"no broker answered at {bootstrap} (a connection was accepted but no Kafka answer came within 2 s)", result.Stderr);
        Assert.True(elapsed < Bound, $"took {elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Produce_stops_at_a_malformed_file_with_its_line_and_column_without_waiting_on_an_unreachable_broker()
    {
        var path = _directory.File("bad.json");
        await File.WriteAllTextAsync(path, "[{\"id\":1},{\"id\":2},\n{\"id\":3} {\"id\":4}]\n");
        var bootstrap = $"127.0.0.1:{FreePort.Reserve()}";

        var (result, elapsed) = await TimedAsync(["produce", "t", path, "--bootstrap", bootstrap]);

        output.WriteLine($"malformed file: {elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"kpipe: {path}:2:10: '{{' is invalid after a value.", result.Stderr);
        Assert.Contains("stopped there: 0 of the 3 records before it were delivered, nothing after it was sent", result.Stderr);
        Assert.Contains($"kpipe: no broker answered at {bootstrap}", result.Stderr);
        Assert.True(elapsed < Bound, $"took {elapsed.TotalSeconds:0.00} s");
    }

    [SkippableFact]
    public async Task Ctrl_C_stops_a_command_waiting_on_a_broker_that_does_not_answer_within_a_second()
    {
        var cannot = InheritedInterrupt.WhyChildrenCannotBeInterrupted();
        Skip.If(cannot is not null, cannot);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptTcpClientAsync();
        var command = InheritedInterrupt.RestoringPrefix.Append("dotnet").ToList();
        var arguments = command.Skip(1).Concat([KpipeCli.Assembly, "topic", "list", "--bootstrap", $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"]);
        var signalled = new Stopwatch();

        var result = await ProcessRunner.RunAsync(command[0], arguments, TimeSpan.FromSeconds(60), whileRunning: async pid =>
        {
            // The silent broker keeps the connection open until the command has exited: closed earlier, the
            // command could report the closed connection before it sees the signal.
            await accepted;
            using var kill = Process.Start("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]);
            signalled.Start();
            await kill.WaitForExitAsync();
        });

        (await accepted).Dispose();
        output.WriteLine($"Ctrl-C to exit: {signalled.Elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(3), $"took {signalled.Elapsed.TotalSeconds:0.00} s");
    }

    public void Dispose() => _directory.Dispose();

    private string[] OutputFor(string[] command) => command[0] == "job" ? ["--output", _directory.Path] : [];

    private static async Task<(ProcessResult Result, TimeSpan Elapsed)> TimedAsync(string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        var result = await KpipeCli.RunAsync(arguments, null, TimeSpan.FromSeconds(60));
        return (result, clock.Elapsed);
    }
}
