using System.Xml.Linq;

namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>deploy/Dockerfile read as data: its stages, the publish step shared with the build, and what lands on the image's PATH.</summary>
[Trait("Category", "Unit")]
[Trait("Category", "Deploy")]
public sealed class DockerfileTests
{
    private const string PublishScript = "deploy/publish.sh";

    private readonly Dockerfile _dockerfile = Dockerfile.Load();

    [Fact]
    public void Image_builds_on_the_dotnet_10_sdk_and_ships_on_the_dotnet_10_runtime()
    {
        Assert.Equal(2, _dockerfile.Stages.Count);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", _dockerfile.Stages[0].BaseImage);
        Assert.Equal("build", _dockerfile.Stages[0].Name);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", _dockerfile.Stages[^1].BaseImage);
    }

    [Fact]
    public void Build_stage_publishes_with_the_projects_publish_script()
    {
        var build = _dockerfile.Stage("build");

        Assert.Equal($"{PublishScript} /app", build.Where("RUN").Last().Text);
        Assert.Contains(build.Where("COPY"), copy => copy.Arguments[0] == PublishScript);
    }

    [Fact]
    public void Publish_script_holds_the_one_dotnet_publish_command_of_the_repository()
    {
        var publishLines = RepositoryFiles.Read(PublishScript).Split('\n').Where(line => line.Contains("dotnet publish", StringComparison.Ordinal)).ToList();

        Assert.Equal(["exec dotnet publish src/Kpipe.Cli -c Release -o \"$out\" -nologo"], publishLines);
        foreach (var other in new[] { Dockerfile.RelativePath, ComposeFile.RelativePath, "deploy/runtime-docker.mk", "Makefile" })
        {
            var path = RepositoryFiles.PathOf(other);
            Assert.False(File.Exists(path) && File.ReadAllText(path).Contains("dotnet publish", StringComparison.Ordinal),
                $"{other} runs 'dotnet publish' itself; call {PublishScript} instead");
        }
    }

    [Fact]
    public void Restore_layer_copies_every_project_the_cli_depends_on()
    {
        var build = _dockerfile.Stage("build");
        var restoreAt = build.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Text.StartsWith("dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreAt > 0, "the build stage has no 'RUN dotnet restore' layer");

        var copiedBeforeRestore = build.Instructions.Take(restoreAt)
            .Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Take(i.Arguments.Count - 1))
            .ToHashSet();

        foreach (var project in ProjectClosure("src/Kpipe.Cli/Kpipe.Cli.csproj"))
        {
            Assert.Contains(project, copiedBeforeRestore);
        }

        Assert.Contains("Directory.Packages.props", copiedBeforeRestore);
        Assert.Contains("Directory.Build.props", copiedBeforeRestore);
    }

    [Fact]
    public void Runtime_stage_puts_kpipe_on_the_path_running_the_published_cli()
    {
        var runtime = _dockerfile.Stages[^1];
        var published = runtime.Where("COPY").Single(copy => copy.Flags.GetValueOrDefault("from") == "build");
        Assert.Equal("/app", published.Arguments[0]);
        var installDir = published.Arguments[1];

        var wrapper = runtime.Where("COPY").Single(copy => copy.Arguments[^1] == "/usr/local/bin/kpipe");
        Assert.Equal("755", wrapper.Flags["chmod"]);
        Assert.Contains($"exec dotnet {installDir}/kpipe.dll \"$@\"", RepositoryFiles.Read(wrapper.Arguments[0]), StringComparison.Ordinal);
        Assert.Equal("kpipe", Assert.Single(runtime.Where("ENTRYPOINT")).Text.Trim('[', ']', '"'));
    }

    [Theory]
    [InlineData("src/Kpipe.Cli/bin/Release/net10.0/kpipe.dll", true)]
    [InlineData("src/Kpipe.Broker/obj/project.assets.json", true)]
    [InlineData("output/jobs/part-0.parquet", true)]
    [InlineData(".kpipe/topic-0/00000000000000000000.log", true)]
    [InlineData(".cache/kpipe/kpipe.dll", true)]
    [InlineData("tests/clients/node_modules/kafkajs/index.js", true)]
    [InlineData("src/Kpipe.Cli/Program.cs", false)]
    [InlineData("deploy/publish.sh", false)]
    public void Dockerignore_keeps_build_output_and_runtime_data_out_of_the_context(string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Load().Excludes(path));
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(RepositoryFiles.PathOf(current))!;
            foreach (var reference in XDocument.Load(RepositoryFiles.PathOf(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryFiles.Root, full).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        return seen;
    }
}
