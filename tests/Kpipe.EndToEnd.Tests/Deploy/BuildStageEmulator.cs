using System.Globalization;
using Xunit.Abstractions;

namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>
/// Replays a Dockerfile build stage without Docker: the container's file system is a temp folder, COPY copies from the
/// build context (minus .dockerignore), RUN runs with /bin/sh in the mapped WORKDIR on this machine's dotnet SDK.
/// Only WORKDIR, COPY and RUN are replayed; any other instruction fails the replay, so the emulation cannot silently
/// diverge from the real build.
/// </summary>
internal sealed class BuildStageEmulator(string containerRoot, DockerIgnore ignore, ITestOutputHelper log)
{
    private string _workdir = "/";

    /// <summary>Where a path of the emulated container lives on this machine.</summary>
    public string HostPath(string containerPath) =>
        Path.Combine(containerRoot, Absolute(containerPath).TrimStart('/'));

    public async Task ReplayAsync(DockerfileStage stage, TimeSpan runTimeout)
    {
        foreach (var instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    _workdir = Absolute(instruction.Text);
                    Directory.CreateDirectory(HostPath(_workdir));
                    break;
                case "COPY" when !instruction.Flags.ContainsKey("from"):
                    Copy(instruction);
                    break;
                case "RUN":
                    await RunAsync(instruction.Text, runTimeout);
                    break;
                default:
                    throw new NotSupportedException($"the deploy tests do not replay '{instruction.Keyword} {instruction.Text}'");
            }
        }
    }

    private void Copy(DockerfileInstruction copy)
    {
        var sources = copy.Arguments.Take(copy.Arguments.Count - 1).ToList();
        var destination = copy.Arguments[^1];
        var intoDirectory = destination.EndsWith('/') || sources.Count > 1;
        UnixFileMode? mode = copy.Flags.TryGetValue("chmod", out var octal) ? (UnixFileMode)Convert.ToInt32(octal, 8) : null;

        foreach (var source in sources)
        {
            var hostSource = RepositoryFiles.PathOf(source);
            if (Directory.Exists(hostSource))
            {
                CopyDirectory(hostSource, HostPath(destination), source.TrimEnd('/'), mode);
            }
            else if (File.Exists(hostSource))
            {
                var target = intoDirectory ? Path.Combine(HostPath(destination), Path.GetFileName(hostSource)) : HostPath(destination);
                CopyFile(hostSource, target, mode);
            }
            else
            {
                throw new Xunit.Sdk.XunitException($"COPY source '{source}' is not in the build context");
            }
        }
    }

    private void CopyDirectory(string hostSource, string target, string contextPath, UnixFileMode? mode)
    {
        foreach (var file in Directory.EnumerateFiles(hostSource, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(hostSource, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!ignore.Excludes($"{contextPath}/{relative}"))
            {
                CopyFile(file, Path.Combine(target, relative), mode);
            }
        }
    }

    private static void CopyFile(string source, string target, UnixFileMode? mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, unixMode);
        }
    }

    private async Task RunAsync(string commandLine, TimeSpan timeout)
    {
        // Absolute container paths in the command (the publish output folder) are mapped into the temp root.
        var mapped = string.Join(' ', commandLine.Split(' ').Select(word => word.StartsWith('/') ? HostPath(word) : word));
        var started = DateTime.UtcNow;
        var result = await ShellCommand.RunAsync(mapped, HostPath(_workdir), timeout);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RUN {commandLine}: exit {result.ExitCode} in {(DateTime.UtcNow - started).TotalSeconds:0.0} s"));
        if (result.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"RUN {commandLine} failed with exit code {result.ExitCode}:\n{result.Output}");
        }
    }

    private string Absolute(string path) => path.StartsWith('/') ? path : $"{_workdir.TrimEnd('/')}/{path}";
}
