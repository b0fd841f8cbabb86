namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/Dockerfile split into stages and instructions: comments dropped, backslash continuations joined, --flags
/// separated. Enough of the format for this repository's Dockerfile (shell-form RUN, plain COPY), no more.
/// </summary>
internal sealed class Dockerfile
{
    public const string RelativePath = "deploy/Dockerfile";

    private Dockerfile(IReadOnlyList<DockerfileStage> stages) => Stages = stages;

    public IReadOnlyList<DockerfileStage> Stages { get; }

    public DockerfileStage Stage(string name) =>
        Stages.SingleOrDefault(s => s.Name == name) ?? throw new Xunit.Sdk.XunitException($"{RelativePath} has no stage '{name}'");

    public static Dockerfile Load() => Parse(RepositoryFiles.Read(RelativePath));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerfileStage>();
        string? baseImage = null;
        string? name = null;
        var instructions = new List<DockerfileInstruction>();

        foreach (var line in LogicalLines(text))
        {
            var instruction = ParseInstruction(line);
            if (instruction.Keyword != "FROM")
            {
                if (baseImage is null)
                {
                    throw new FormatException($"'{line}' comes before the first FROM");
                }

                instructions.Add(instruction);
                continue;
            }

            if (baseImage is not null)
            {
                stages.Add(new DockerfileStage(baseImage, name, instructions));
            }

            var args = instruction.Arguments;
            baseImage = args[0];
            name = args.Count == 3 && args[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? args[2] : null;
            instructions = [];
        }

        if (baseImage is not null)
        {
            stages.Add(new DockerfileStage(baseImage, name, instructions));
        }

        return new Dockerfile(stages);
    }

    private static IEnumerable<string> LogicalLines(string text)
    {
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            yield return pending + line;
            pending = "";
        }

        if (pending.Length > 0)
        {
            yield return pending.Trim();
        }
    }

    private static DockerfileInstruction ParseInstruction(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var flags = new Dictionary<string, string>();
        var index = 1;
        for (; index < words.Length && words[index].StartsWith("--", StringComparison.Ordinal); index++)
        {
            var flag = words[index][2..].Split('=', 2);
            flags[flag[0]] = flag.Length > 1 ? flag[1] : "";
        }

        return new DockerfileInstruction(words[0].ToUpperInvariant(), flags, words[index..]);
    }
}
