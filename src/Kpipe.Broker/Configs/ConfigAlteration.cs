namespace Kpipe.Broker.Configs;

/// <summary>One change to one config of a resource: set, delete, or append to or subtract from a list config.</summary>
public sealed record ConfigAlteration(string Name, ConfigOperation Operation, string? Value);
