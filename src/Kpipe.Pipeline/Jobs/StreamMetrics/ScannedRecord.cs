namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>A good record of a batch: its index in the batch, where its cells lie in the batch's cell list, and its user fields.</summary>
internal readonly record struct ScannedRecord(int Index, int FirstCell, int CellCount, UserFields User);
