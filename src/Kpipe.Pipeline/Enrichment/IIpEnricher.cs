namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Looks up what is known about IP addresses (geolocation, hostname) for the jobs' <c>records</c> table.
/// Implementations are thread-safe and never invent a value: unknown fields stay null.
/// </summary>
public interface IIpEnricher : IDisposable
{
    /// <summary>Whether lookups can return anything at all (false when no database is configured).</summary>
    bool IsAvailable { get; }

    /// <summary>Enriches the distinct addresses of one batch; returns within the enricher's time budget.</summary>
    Task<IReadOnlyDictionary<string, IpInfo>> EnrichAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken);
}
