using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>Outcome of validating one produced batch: None with its parsed header, or the Kafka error code and a message.</summary>
public readonly record struct BatchValidation(ErrorCode Error, string? Message, RecordBatchHeader Header)
{
    /// <summary>True when the batch may be appended.</summary>
    public bool IsValid => Error == ErrorCode.None;
}
