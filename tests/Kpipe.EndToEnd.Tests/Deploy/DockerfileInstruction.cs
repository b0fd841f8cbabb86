namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>One Dockerfile instruction: its keyword (upper case), its --flags and the rest of its arguments, in order.</summary>
internal sealed record DockerfileInstruction(string Keyword, IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Arguments)
{
    public string Text => string.Join(' ', Arguments);
}
