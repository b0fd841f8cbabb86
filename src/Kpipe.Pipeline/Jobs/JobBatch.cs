using Kpipe.Pipeline.Windows;

namespace Kpipe.Pipeline.Jobs;

/// <summary>One micro-batch handed to a job: its id, its window, and its records ordered by partition then offset.</summary>
public sealed record JobBatch(long BatchId, string Topic, ProcessingWindow Window, IReadOnlyList<ConsumedRecord> Records);
