namespace Kpipe.Broker.Protocol;

/// <summary>One API the broker serves: the versions it advertises and the first flexible (compact, tagged) version.</summary>
public readonly record struct ApiVersionRange(ApiKey Key, short MinVersion, short MaxVersion, short FlexibleFrom)
{
    /// <summary>True when <paramref name="version"/> is inside the advertised range.</summary>
    public bool Supports(short version) => version >= MinVersion && version <= MaxVersion;

    /// <summary>True when <paramref name="version"/> uses compact forms and tagged fields.</summary>
    public bool IsFlexible(short version) => version >= FlexibleFrom;

    /// <summary>The codec context for <paramref name="version"/> of this API.</summary>
    public MessageVersion At(short version) => new(version, IsFlexible(version));
}
