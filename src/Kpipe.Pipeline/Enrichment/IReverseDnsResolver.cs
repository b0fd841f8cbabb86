using System.Net;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>Resolves an address to its PTR hostname; a seam so that tests can stand in a slow or failing resolver.</summary>
public interface IReverseDnsResolver
{
    /// <summary>The hostname for <paramref name="address"/>, or null when it has none.</summary>
    Task<string?> ResolveAsync(IPAddress address, CancellationToken cancellationToken);
}
