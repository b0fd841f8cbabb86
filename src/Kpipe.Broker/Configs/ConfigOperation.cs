namespace Kpipe.Broker.Configs;

/// <summary>An IncrementalAlterConfigs operation (KIP-339), with its wire values; AlterConfigs is a set of <see cref="Set"/>s replacing all.</summary>
public enum ConfigOperation : sbyte
{
    Set = 0,
    Delete = 1,
    Append = 2,
    Subtract = 3,
}
