namespace Kpipe.Broker.Security;

/// <summary>SASL on the listener: where the salted credentials are and which mechanisms clients may use.</summary>
public sealed record SaslOptions
{
    /// <summary>The credentials file written by <c>kpipe user add</c>; re-read when it changes.</summary>
    public required string CredentialsFile { get; init; }

    /// <summary>Kafka's <c>sasl.enabled.mechanisms</c>; every mechanism served by default.</summary>
    public IReadOnlyList<string> Mechanisms { get; init; } = SaslMechanisms.All;
}
