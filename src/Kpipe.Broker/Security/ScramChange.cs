namespace Kpipe.Broker.Security;

/// <summary>One deletion (no salted password) or upsertion of a user's SCRAM credential, with Kafka's mechanism wire value.</summary>
public sealed record ScramChange(string User, sbyte Mechanism, int Iterations = 0, byte[]? Salt = null, byte[]? SaltedPassword = null);
