using Kpipe.Broker.Metadata;

namespace Kpipe.Broker.Server;

/// <summary>What every handler may know about the broker: its topics, identity and advertised address.</summary>
internal sealed record BrokerContext(ITopicRegistry Topics, BrokerOptions Options, string ClusterId, string AdvertisedHost, int AdvertisedPort)
{
    /// <summary>This node's id, also the controller id on a single node.</summary>
    public int NodeId => Options.NodeId;
}
