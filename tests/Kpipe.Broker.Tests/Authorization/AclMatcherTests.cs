using Kpipe.Broker.Authorization;

namespace Kpipe.Broker.Tests.Authorization;

/// <summary>The authorization decision of <see cref="AclMatcher"/>, case by case as Kafka's StandardAuthorizer decides.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class AclMatcherTests
{
    private const string Alice = "User:alice";
    private const string Host = "127.0.0.1";
    private static readonly AuthorizerOptions Defaults = new();

    [Fact]
    public void A_resource_no_acl_names_is_denied_by_default_and_allowed_with_allow_everyone_if_no_acl_found()
    {
        Assert.False(Topic([], "orders", AclOperation.Read));
        Assert.True(AclMatcher.Authorize([], new AuthorizerOptions { AllowEveryoneIfNoAclFound = true }, Alice, Host, AclResourceType.Topic, "orders", AclOperation.Read));
    }

    [Fact]
    public void Allow_everyone_if_no_acl_found_does_not_open_a_resource_an_acl_names_for_someone_else()
    {
        AclBinding[] acls = [Acl("orders", "User:bob", AclOperation.Read)];
        Assert.False(AclMatcher.Authorize(acls, new AuthorizerOptions { AllowEveryoneIfNoAclFound = true }, Alice, Host, AclResourceType.Topic, "orders", AclOperation.Read));
    }

    [Fact]
    public void A_literal_allow_grants_its_operation_on_its_resource_only()
    {
        AclBinding[] acls = [Acl("orders", Alice, AclOperation.Read)];
        Assert.True(Topic(acls, "orders", AclOperation.Read));
        Assert.False(Topic(acls, "orders", AclOperation.Write));
        Assert.False(Topic(acls, "orders-eu", AclOperation.Read));
        Assert.False(AclMatcher.Authorize(acls, Defaults, "User:bob", Host, AclResourceType.Topic, "orders", AclOperation.Read));
        Assert.False(AclMatcher.Authorize(acls, Defaults, Alice, Host, AclResourceType.Group, "orders", AclOperation.Read));
    }

    [Fact]
    public void Deny_wins_over_allow()
    {
        AclBinding[] acls = [Acl("orders", Alice, AclOperation.All), Acl("orders", Alice, AclOperation.Write, AclPermissionType.Deny)];
        Assert.True(Topic(acls, "orders", AclOperation.Read));
        Assert.False(Topic(acls, "orders", AclOperation.Write));
    }

    [Fact]
    public void A_deny_on_the_wildcard_user_or_a_prefix_applies_to_everyone_below_it()
    {
        AclBinding[] acls = [Acl("orders", Alice, AclOperation.Read), Acl("ord", AclMatcher.AnyUser, AclOperation.All, AclPermissionType.Deny, AclPatternType.Prefixed)];
        Assert.False(Topic(acls, "orders", AclOperation.Read));
    }

    [Fact]
    public void Prefixed_and_wildcard_patterns_cover_the_names_they_match()
    {
        AclBinding[] acls = [Acl("app-", Alice, AclOperation.Write, pattern: AclPatternType.Prefixed), Acl(AclBinding.Wildcard, Alice, AclOperation.Describe)];
        Assert.True(Topic(acls, "app-orders", AclOperation.Write));
        Assert.False(Topic(acls, "ap", AclOperation.Write));
        Assert.False(Topic(acls, "other", AclOperation.Write));
        Assert.True(Topic(acls, "other", AclOperation.Describe));
    }

    [Fact]
    public void A_literal_star_in_a_prefixed_acl_is_only_a_prefix()
    {
        AclBinding[] acls = [Acl("*", Alice, AclOperation.Read, pattern: AclPatternType.Prefixed)];
        Assert.False(Topic(acls, "orders", AclOperation.Read));
        Assert.True(Topic(acls, "*orders", AclOperation.Read));
    }

    [Theory]
    [InlineData(AclOperation.Read, AclOperation.Describe, true)]
    [InlineData(AclOperation.Write, AclOperation.Describe, true)]
    [InlineData(AclOperation.Delete, AclOperation.Describe, true)]
    [InlineData(AclOperation.Alter, AclOperation.Describe, true)]
    [InlineData(AclOperation.AlterConfigs, AclOperation.DescribeConfigs, true)]
    [InlineData(AclOperation.Describe, AclOperation.Read, false)]
    [InlineData(AclOperation.Create, AclOperation.Describe, false)]
    [InlineData(AclOperation.DescribeConfigs, AclOperation.AlterConfigs, false)]
    public void An_allow_implies_describe_as_kafka_does(AclOperation granted, AclOperation wanted, bool allowed)
    {
        Assert.Equal(allowed, Topic([Acl("orders", Alice, granted)], "orders", wanted));
    }

    [Fact]
    public void A_deny_is_not_widened_by_implication()
    {
        AclBinding[] acls = [Acl("orders", Alice, AclOperation.Describe), Acl("orders", Alice, AclOperation.Read, AclPermissionType.Deny)];
        Assert.True(Topic(acls, "orders", AclOperation.Describe));
    }

    [Fact]
    public void The_host_must_be_the_clients_address_or_the_wildcard()
    {
        AclBinding[] acls = [Acl("orders", Alice, AclOperation.Read) with { Host = "10.0.0.7" }];
        Assert.False(Topic(acls, "orders", AclOperation.Read));
        Assert.True(AclMatcher.Authorize(acls, Defaults, Alice, "10.0.0.7", AclResourceType.Topic, "orders", AclOperation.Read));
    }

    [Fact]
    public void A_super_user_is_allowed_even_against_a_deny()
    {
        AclBinding[] acls = [Acl("orders", AclMatcher.AnyUser, AclOperation.All, AclPermissionType.Deny)];
        Assert.True(AclMatcher.Authorize(acls, new AuthorizerOptions { SuperUsers = ["User:admin"] }, "User:admin", Host, AclResourceType.Topic, "orders", AclOperation.Write));
    }

    [Fact]
    public void A_filter_with_match_selects_the_acls_that_apply_to_a_name()
    {
        AclBinding[] acls =
        [
            Acl("orders", Alice, AclOperation.Read),
            Acl("*", Alice, AclOperation.Read),
            Acl("ord", Alice, AclOperation.Read, pattern: AclPatternType.Prefixed),
            Acl("other", Alice, AclOperation.Read),
            Acl("orders", Alice, AclOperation.Read, pattern: AclPatternType.Prefixed),
        ];
        var match = new AclBindingFilter(AclResourceType.Topic, "orders", AclPatternType.Match, null, null, AclOperation.Any, AclPermissionType.Any);
        Assert.Equal([acls[0], acls[1], acls[2], acls[4]], acls.Where(match.Matches));

        var any = match with { PatternType = AclPatternType.Any };
        Assert.Equal([acls[0], acls[4]], acls.Where(any.Matches));

        var literal = match with { PatternType = AclPatternType.Literal };
        Assert.Equal([acls[0]], acls.Where(literal.Matches));
    }

    [Fact]
    public void Invalid_acls_and_filters_say_what_is_wrong()
    {
        Assert.Null(Acl("orders", Alice, AclOperation.Read).Invalid());
        Assert.Contains("patternType", Acl("orders", Alice, AclOperation.Read, pattern: AclPatternType.Match).Invalid());
        Assert.Contains("operation", Acl("orders", Alice, AclOperation.Any).Invalid());
        Assert.Contains("principal", Acl("orders", "alice", AclOperation.Read).Invalid());
        Assert.Contains("kafka-cluster", (Acl("c", Alice, AclOperation.Alter) with { ResourceType = AclResourceType.Cluster }).Invalid());
        Assert.Null(AclBindingFilter.Everything.Invalid());
        Assert.Contains("UNKNOWN", (AclBindingFilter.Everything with { Operation = AclOperation.Unknown }).Invalid());
    }

    private static bool Topic(AclBinding[] acls, string topic, AclOperation operation) =>
        AclMatcher.Authorize(acls, Defaults, Alice, Host, AclResourceType.Topic, topic, operation);

    private static AclBinding Acl(string name, string principal, AclOperation operation, AclPermissionType permission = AclPermissionType.Allow,
        AclPatternType pattern = AclPatternType.Literal) =>
        new(AclResourceType.Topic, name, pattern, principal, "*", operation, permission);
}
