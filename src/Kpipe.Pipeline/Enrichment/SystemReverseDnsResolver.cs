using System.Net;
using System.Net.Sockets;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>Reverse DNS through the operating system's resolver (<see cref="Dns"/>).</summary>
public sealed class SystemReverseDnsResolver : IReverseDnsResolver
{
    /// <inheritdoc />
    public async Task<string?> ResolveAsync(IPAddress address, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await Dns.GetHostEntryAsync(address.ToString(), cancellationToken).ConfigureAwait(false);
            // Some resolvers echo the address back when there is no PTR record; that is not a hostname.
            return string.IsNullOrEmpty(entry.HostName) || IPAddress.TryParse(entry.HostName, out _) ? null : entry.HostName;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
