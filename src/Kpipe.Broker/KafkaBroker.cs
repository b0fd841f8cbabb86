using System.Net;
using System.Net.Sockets;
using Kpipe.Broker.Authorization;
using Kpipe.Broker.Groups;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Security;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker;

/// <summary>An embedded single-node Kafka-compatible broker: a data directory served on one TCP listener.</summary>
public sealed partial class KafkaBroker : IAsyncDisposable
{
    private readonly TopicRegistry _registry;
    private readonly GroupCoordinator _groups;
    private readonly TransactionCoordinator _transactions;
    private readonly KafkaListener _listener;
    private readonly ILogger<KafkaBroker> _logger;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stopLock = new();
    private Task? _stopping;

    private KafkaBroker(TopicRegistry registry, GroupCoordinator groups, TransactionCoordinator transactions, KafkaListener listener, string bootstrapServers, ILogger<KafkaBroker> logger)
    {
        _registry = registry;
        _groups = groups;
        _transactions = transactions;
        _listener = listener;
        _logger = logger;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The address bound (the real port when the options asked for port 0).</summary>
    public IPEndPoint BoundEndPoint => _listener.LocalEndPoint;

    /// <summary>The advertised "host:port" that clients dial.</summary>
    public string BootstrapServers { get; }

    /// <summary>The broker's topics.</summary>
    public ITopicRegistry Topics => _registry;

    /// <summary>Completes once the broker has stopped.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Opens the data directory, binds the listener and starts accepting connections.</summary>
    /// <exception cref="BrokerStartException">The port is taken or the data directory is in use.</exception>
    public static Task<KafkaBroker> StartAsync(BrokerOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        cancellationToken.ThrowIfCancellationRequested();
        TopicRegistry registry;
        try
        {
            registry = TopicRegistry.Open(options, loggerFactory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BrokerStartException(e.Message, e);
        }

        GroupCoordinator groups;
        ProducerIdManager producerIds;
        AclAuthorizer? authorizer;
        try
        {
            authorizer = options.Authorizer is { } authorizerOptions ? new AclAuthorizer(authorizerOptions, options.DataDirectory) : null;
            groups = new GroupCoordinator(options.DataDirectory, options.Groups, TimeProvider.System, loggerFactory.CreateLogger<GroupCoordinator>(),
                (topic, partition) => registry.GetLog(topic, partition) is not null);
            producerIds = new ProducerIdManager(options.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            registry.Dispose();
            throw new BrokerStartException(e.Message, e);
        }

        var producerStates = new ProducerStateManager(options.Producers, TimeProvider.System, loggerFactory.CreateLogger<ProducerStateManager>());
        TransactionCoordinator transactions;
        try
        {
            transactions = new TransactionCoordinator(options.DataDirectory, options.Transactions, producerIds, producerStates, registry, groups,
                TimeProvider.System, loggerFactory.CreateLogger<TransactionCoordinator>());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            groups.Dispose();
            registry.Dispose();
            throw new BrokerStartException(e.Message, e);
        }

        try
        {
            var security = ListenerSecurity.Create(options, loggerFactory);
            var listener = Bind(options, security, loggerFactory);
            var bound = listener.LocalEndPoint;
            var host = options.Advertised?.Host ?? AdvertisedHostFor(bound.Address);
            var port = options.Advertised?.Port ?? bound.Port;
            var broker = new KafkaBroker(registry, groups, transactions, listener, $"{host}:{port}", loggerFactory.CreateLogger<KafkaBroker>());
            listener.Start(new RequestDispatcher(new BrokerContext(registry, options, registry.ClusterId, host, port), groups, producerIds, producerStates, transactions, authorizer));
            var loopback = IPAddress.IsLoopback(bound.Address);
            broker.LogStarted(bound.ToString(), loopback ? "loopback only: other machines cannot connect" : "reachable from other machines",
                security.Protocol, broker.BootstrapServers, options.DataDirectory, options.Fsync);
            if (!loopback && security.Sasl is null)
            {
                broker.LogUnauthenticated(bound.ToString());
            }

            return Task.FromResult(broker);
        }
        catch
        {
            transactions.Dispose();
            groups.Dispose();
            registry.Dispose();
            throw;
        }
    }

    private static KafkaListener Bind(BrokerOptions options, ListenerSecurity security, ILoggerFactory loggerFactory)
    {
        try
        {
            return KafkaListener.Bind(options.Listen, options.MaxFrameBytes, options.Connections, security, loggerFactory);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new BrokerStartException(
                $"port {options.Listen.Port} is in use — is a broker already running? `kpipe cluster status`", e);
        }
    }

    private static string AdvertisedHostFor(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "localhost" : address.ToString();

    /// <summary>Connections closed at accept by max.connections or max.connections.per.ip since the broker started.</summary>
    internal long RefusedConnections => _listener.RefusedConnections;

    /// <summary>Stops accepting, closes connections, flushes and closes the logs. Safe to call more than once.</summary>
    public Task StopAsync()
    {
        lock (_stopLock)
        {
            return _stopping ??= StopCoreAsync();
        }
    }

    private async Task StopCoreAsync()
    {
        try
        {
            await _listener.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _transactions.Dispose();
            _groups.Dispose();
            _registry.Dispose();
            LogStopped(BootstrapServers);
            _completion.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "broker listening on {Bound} ({Reach}; {Protocol}), advertised as {Advertised}, data in {DataDirectory}, fsync {Fsync}")]
    private partial void LogStarted(string bound, string reach, string protocol, string advertised, string dataDirectory, FsyncPolicy fsync);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Bound} is reachable from other machines without authentication: anyone who can reach it can read and write every topic. "
        + "Enable SASL with `kpipe user add <name> --credentials <file>` and `--sasl-credentials <file>` (add --tls-cert/--tls-key for encryption), or listen on 127.0.0.1")]
    private partial void LogUnauthenticated(string bound);

    [LoggerMessage(Level = LogLevel.Information, Message = "broker {Advertised} stopped")]
    private partial void LogStopped(string advertised);
}
