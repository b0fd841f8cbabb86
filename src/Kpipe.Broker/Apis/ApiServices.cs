using Kpipe.Broker.Groups;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Everything a handler may be built over: the broker's topics and identity, the group and transaction coordinators, the producer state and the ACLs (null without an authorizer).</summary>
internal sealed record ApiServices(BrokerContext Context, GroupCoordinator Groups, ProducerIdManager ProducerIds, ProducerStateManager ProducerStates, TransactionCoordinator Transactions, Authorization.AclAuthorizer? Authorizer = null);
