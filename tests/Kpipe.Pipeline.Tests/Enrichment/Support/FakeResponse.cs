namespace Kpipe.Pipeline.Tests.Enrichment.Support;

/// <summary>What <see cref="FakeIpInfoServer"/> answers: a status, a JSON body and extra headers.</summary>
internal sealed record FakeResponse(int Status, string Body, IReadOnlyList<(string Name, string Value)>? Headers = null);
