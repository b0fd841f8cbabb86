namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>A build stage of a Dockerfile: the image it starts FROM, its <c>AS</c> name and its instructions after FROM.</summary>
internal sealed record DockerfileStage(string BaseImage, string? Name, IReadOnlyList<DockerfileInstruction> Instructions)
{
    public IEnumerable<DockerfileInstruction> Where(string keyword) => Instructions.Where(i => i.Keyword == keyword);
}
