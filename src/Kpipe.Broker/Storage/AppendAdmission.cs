namespace Kpipe.Broker.Storage;

/// <summary>The check every log makes before it appends a batch, so the file and in-memory logs answer alike.</summary>
internal static class AppendAdmission
{
    /// <summary>
    /// Validates <paramref name="batch"/> (a broker-written transaction marker when <paramref name="brokerControl"/>) at <paramref name="nowMs"/>: true with its header, or false with the answer
    /// to give the producer.
    /// </summary>
    public static bool TryAdmit(ReadOnlySpan<byte> batch, LogConfig config, long nowMs, bool brokerControl, out RecordBatchHeader header, out AppendResult rejection)
    {
        var validation = RecordBatchValidator.Validate(batch, config, nowMs, brokerControl);
        header = validation.Header;
        rejection = validation.IsValid ? default : new AppendResult(validation.Error, -1, -1, validation.Message);
        return validation.IsValid;
    }
}
