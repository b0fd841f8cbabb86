using Kpipe.Pipeline.Jobs;

namespace Kpipe.Pipeline.Runtime;

/// <summary>A batch's records and the buffers their bytes live in, handed out by <see cref="RecordBuffers.Seal"/>.</summary>
internal sealed record SealedRecords(ArraySegment<ConsumedRecord> Records, List<byte[]> Buffers);
