using System.Net;

namespace Kpipe.Broker.Server;

/// <summary>Counts open connections in total and per peer address, and refuses one that would pass either limit.</summary>
internal sealed class ConnectionGate(ConnectionLimits limits)
{
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _lock = new();
    private int _total;

    /// <summary>Connections refused since the broker started.</summary>
    public long Refused { get; private set; }

    /// <summary>Counts a new connection from <paramref name="address"/>, or returns why it is refused (and counts nothing).</summary>
    public string? TryAdmit(IPAddress address)
    {
        lock (_lock)
        {
            _perAddress.TryGetValue(address, out var open);
            var refusal = _total >= limits.MaxConnections ? $"max.connections ({limits.MaxConnections}) reached"
                : open >= limits.MaxConnectionsPerIp ? $"max.connections.per.ip ({limits.MaxConnectionsPerIp}) reached"
                : null;
            if (refusal is not null)
            {
                Refused++;
                return refusal;
            }

            _perAddress[address] = open + 1;
            _total++;
            return null;
        }
    }

    /// <summary>Forgets a connection admitted from <paramref name="address"/> once it has closed.</summary>
    public void Release(IPAddress address)
    {
        lock (_lock)
        {
            _total--;
            if (_perAddress[address] == 1)
            {
                _perAddress.Remove(address);
            }
            else
            {
                _perAddress[address]--;
            }
        }
    }
}
