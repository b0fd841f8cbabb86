using Kpipe.Broker.Metadata;

namespace Kpipe.Broker.Tests.Metadata;

[Trait("Category", "Unit")]
public sealed class TopicNamesTests
{
    [Theory]
    [InlineData("events")]
    [InlineData("a")]
    [InlineData("my.topic_name-1")]
    [InlineData("__consumer_offsets")]
    [InlineData("...")]
    [InlineData("UPPER.lower_123")]
    public void Validate_accepts_legal_names(string name) => Assert.Null(TopicNames.Validate(name));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("colon:inside")]
    [InlineData("ümlaut")]
    [InlineData("tab\t")]
    public void Validate_refuses_illegal_names(string name) => Assert.NotNull(TopicNames.Validate(name));

    [Fact]
    public void Validate_allows_249_characters_and_refuses_250()
    {
        Assert.Null(TopicNames.Validate(new string('a', 249)));
        Assert.Contains("249", TopicNames.Validate(new string('a', 250)));
    }

    [Fact]
    public void CollisionKey_treats_dot_and_underscore_alike()
    {
        Assert.Equal(TopicNames.CollisionKey("a.b_c"), TopicNames.CollisionKey("a_b.c"));
        Assert.NotEqual(TopicNames.CollisionKey("a.b"), TopicNames.CollisionKey("a-b"));
    }
}
