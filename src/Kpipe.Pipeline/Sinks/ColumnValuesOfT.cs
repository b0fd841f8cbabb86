namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// A column's values: <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>, <see cref="DateTimeOffset"/>, or
/// <see cref="ReadOnlyMemory{T}"/> of <see cref="char"/> or of <see cref="byte"/> (valid UTF-8) for text and JSON, which
/// lets a job hand over slices of the bytes it read instead of a string per value. The values may be the start of a
/// longer array a job reuses from batch to batch.
/// </summary>
public sealed class ColumnValues<T>(ReadOnlyMemory<T?> values) : ColumnValues
    where T : struct
{
    /// <summary>The values, one per row.</summary>
    public ReadOnlyMemory<T?> Values { get; } = values;

    /// <inheritdoc />
    public override int Count => Values.Length;
}
