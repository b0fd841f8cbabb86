using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// One top-level field of a scanned record: the field's id, the type its value infers (null for JSON null), where the
/// value's JSON text lies in the record's bytes, and the decoded text (a slice of the batch's <see cref="CharArena"/>)
/// when the value is a string.
/// </summary>
internal readonly record struct JsonCell(int Field, ColumnType? Type, int Start, int Length, ReadOnlyMemory<char> Text);
