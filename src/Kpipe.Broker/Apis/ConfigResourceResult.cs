using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Apis;

/// <summary>One resource's outcome in an AlterConfigs or IncrementalAlterConfigs response (the two share this shape).</summary>
public sealed record ConfigResourceResult(ErrorCode ErrorCode, string? ErrorMessage, sbyte ResourceType, string ResourceName) : IWireWritable
{
    /// <summary>Encodes one entry.</summary>
    public void Write(KafkaWriter w, MessageVersion version)
    {
        var flex = version.Flexible;
        w.WriteInt16((short)ErrorCode);
        w.WriteNullableString(ErrorMessage, flex);
        w.WriteInt8(ResourceType);
        w.WriteString(ResourceName, flex);
        w.WriteEmptyTaggedFields(flex);
    }
}
