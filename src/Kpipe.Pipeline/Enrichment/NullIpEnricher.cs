namespace Kpipe.Pipeline.Enrichment;

/// <summary>The enricher used when no geolocation database is configured: every field null, with the reason.</summary>
public sealed class NullIpEnricher : IIpEnricher
{
    private readonly IpInfo _unknown;

    /// <summary>Creates an enricher that answers every address with <paramref name="reason"/>.</summary>
    public NullIpEnricher(string reason = "no geolocation database configured") => _unknown = IpInfo.Unknown(reason);

    /// <inheritdoc />
    public bool IsAvailable => false;

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IpInfo>> EnrichAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IpInfo>(addresses.Count, StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            result[address] = _unknown;
        }
        return Task.FromResult<IReadOnlyDictionary<string, IpInfo>>(result);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
