using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Broker.Tests.Authorization;

/// <summary>
/// ACLs through Confluent.Kafka's admin client over SASL/PLAIN on a broker with the authorizer on: a user without ACLs
/// is refused, an ALLOW lets it in, a DENY beats the ALLOW, a super user is never refused, and the ACLs survive a restart.
/// </summary>
[Trait("Category", TestCategories.Clients)]
public sealed class AclClientTests : IAsyncLifetime
{
    private const string Topic = "app-orders";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new("kpipe-acl-");
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await AclTestBroker.StartAsync(_directory);

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_user_is_refused_until_an_allow_acl_and_again_after_a_deny_while_the_super_user_never_is()
    {
        using var admin = new AdminClientBuilder(Settings<AdminClientConfig>("admin")).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 1, ReplicationFactor = 1 }]);

        var refused = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => ProduceAsync("alice"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, refused.Error.Code);

        await admin.CreateAclsAsync([Binding(ResourcePatternType.Prefixed, "app-", AclOperation.Write, AclPermissionType.Allow)]);
        Assert.Equal(PersistenceStatus.Persisted, (await ProduceAsync("alice")).Status);

        await admin.CreateAclsAsync([Binding(ResourcePatternType.Literal, Topic, AclOperation.All, AclPermissionType.Deny)]);
        refused = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => ProduceAsync("alice"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, refused.Error.Code);
        Assert.Equal(PersistenceStatus.Persisted, (await ProduceAsync("admin")).Status);

        var described = await admin.DescribeAclsAsync(new AclBindingFilter
        {
            PatternFilter = new ResourcePatternFilter { Type = ResourceType.Topic, Name = Topic, ResourcePatternType = ResourcePatternType.Match },
            EntryFilter = new AccessControlEntryFilter { Operation = AclOperation.Any, PermissionType = AclPermissionType.Any },
        });
        Assert.Equal(2, described.AclBindings.Count);
    }

    [Fact]
    public async Task Acls_survive_a_restart_and_delete_by_filter_removes_them()
    {
        using (var admin = new AdminClientBuilder(Settings<AdminClientConfig>("admin")).Build())
        {
            await admin.CreateAclsAsync([Binding(ResourcePatternType.Literal, Topic, AclOperation.Read, AclPermissionType.Allow)]);
        }

        await _broker.RestartAsync();

        using var again = new AdminClientBuilder(Settings<AdminClientConfig>("admin")).Build();
        var deleted = await again.DeleteAclsAsync([new AclBindingFilter
        {
            PatternFilter = new ResourcePatternFilter { Type = ResourceType.Any, ResourcePatternType = ResourcePatternType.Any },
            EntryFilter = new AccessControlEntryFilter { Principal = "User:alice", Operation = AclOperation.Any, PermissionType = AclPermissionType.Any },
        }]);
        Assert.Equal(Topic, deleted.Single().AclBindings.Single().Pattern.Name);
        var left = await again.DescribeAclsAsync(new AclBindingFilter
        {
            PatternFilter = new ResourcePatternFilter { Type = ResourceType.Any, ResourcePatternType = ResourcePatternType.Any },
            EntryFilter = new AccessControlEntryFilter { Operation = AclOperation.Any, PermissionType = AclPermissionType.Any },
        });
        Assert.Empty(left.AclBindings);
    }

    [Fact]
    public async Task A_consumer_needs_read_on_its_group_and_on_the_topic()
    {
        using var admin = new AdminClientBuilder(Settings<AdminClientConfig>("admin")).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 1, ReplicationFactor = 1 }]);
        await ProduceAsync("admin");

        Assert.Contains(ErrorCode.GroupAuthorizationFailed, ConsumeErrors("app-readers"));

        await admin.CreateAclsAsync([new AclBinding
        {
            Pattern = new ResourcePattern { Type = ResourceType.Group, Name = "app-readers", ResourcePatternType = ResourcePatternType.Literal },
            Entry = new AccessControlEntry { Principal = "User:alice", Host = "*", Operation = AclOperation.Read, PermissionType = AclPermissionType.Allow },
        }]);
        Assert.Contains(ErrorCode.TopicAuthorizationFailed, ConsumeErrors("app-readers"));

        await admin.CreateAclsAsync([Binding(ResourcePatternType.Literal, Topic, AclOperation.Read, AclPermissionType.Allow)]);
        Assert.Empty(ConsumeErrors("app-readers"));
    }

    /// <summary>Consumes the topic as alice until the record arrives or an error is reported; returns the errors seen.</summary>
    private List<ErrorCode> ConsumeErrors(string group)
    {
        var errors = new List<ErrorCode>();
        var settings = Settings<ConsumerConfig>("alice");
        settings.GroupId = group;
        settings.AutoOffsetReset = AutoOffsetReset.Earliest;
        using var consumer = new ConsumerBuilder<Ignore, string>(settings).SetErrorHandler((_, e) => errors.Add(e.Code)).Build();
        consumer.Subscribe(Topic);
        var deadline = DateTime.UtcNow + Timeout;
        while (errors.Count == 0 && DateTime.UtcNow < deadline)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message.Value: "hello" })
                {
                    break;
                }
            }
            catch (ConsumeException e)
            {
                errors.Add(e.Error.Code);
            }
        }

        Assert.True(errors.Count > 0 || DateTime.UtcNow < deadline, "neither the record nor an error arrived");
        consumer.Close();
        return errors;
    }

    [Fact]
    public async Task A_user_without_cluster_alter_may_not_create_acls()
    {
        using var alice = new AdminClientBuilder(Settings<AdminClientConfig>("alice")).Build();
        var refused = await Assert.ThrowsAsync<CreateAclsException>(() =>
            alice.CreateAclsAsync([Binding(ResourcePatternType.Literal, Topic, AclOperation.Read, AclPermissionType.Allow)]));
        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, refused.Results.Single().Error.Code);
    }

    private async Task<DeliveryResult<Null, string>> ProduceAsync(string user)
    {
        var settings = Settings<ProducerConfig>(user);
        settings.MessageTimeoutMs = (int)Timeout.TotalMilliseconds;
        using var producer = new ProducerBuilder<Null, string>(settings).Build();
        return await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "hello" });
    }

    private static AclBinding Binding(ResourcePatternType pattern, string name, AclOperation operation, AclPermissionType permission) => new()
    {
        Pattern = new ResourcePattern { Type = ResourceType.Topic, Name = name, ResourcePatternType = pattern },
        Entry = new AccessControlEntry { Principal = "User:alice", Host = "*", Operation = operation, PermissionType = permission },
    };

    private T Settings<T>(string user) where T : ClientConfig, new() => new()
    {
        BootstrapServers = _broker.BootstrapServers,
        SecurityProtocol = SecurityProtocol.SaslPlaintext,
        SaslMechanism = SaslMechanism.Plain,
        SaslUsername = user,
        SaslPassword = user + "-secret",
    };
}
