namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// Chooses which columns of a table the Parquet writer encodes without a dictionary: those whose first rows are mostly
/// distinct values (ids, offsets, e-mail and IP addresses), where a dictionary only costs a hash lookup per value until
/// it outgrows its page and is abandoned. The choice depends on the table's values alone, so the same table always
/// gives the same file.
/// </summary>
internal static class ParquetDictionaryChooser
{
    /// <summary>How many rows from the start of each column are looked at.</summary>
    public const int SampleRows = 4096;

    /// <summary>The columns of <paramref name="table"/> to write without a dictionary, in table order.</summary>
    public static List<TableColumn> WithoutDictionary(ColumnarTable table)
    {
        var plain = new List<TableColumn>();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (IsMostlyDistinct(table.Columns[i]))
            {
                plain.Add(table.Schema.Columns[i]);
            }
        }
        return plain;
    }

    /// <summary>
    /// Whether more than half of the non-null values among the first <see cref="SampleRows"/> rows of
    /// <paramref name="column"/> are distinct; never for booleans, which Parquet does not dictionary encode.
    /// </summary>
    public static bool IsMostlyDistinct(ColumnValues column) => column switch
    {
        ColumnValues<long> numbers => IsMostlyDistinct(numbers.Values.Span, EqualityComparer<long>.Default),
        ColumnValues<double> numbers => IsMostlyDistinct(numbers.Values.Span, EqualityComparer<double>.Default),
        ColumnValues<DateTimeOffset> instants => IsMostlyDistinct(instants.Values.Span, EqualityComparer<DateTimeOffset>.Default),
        ColumnValues<ReadOnlyMemory<char>> texts => IsMostlyDistinct(texts.Values.Span, TextComparer.Instance),
        ColumnValues<ReadOnlyMemory<byte>> utf8 => IsMostlyDistinct(utf8.Values.Span, Utf8TextComparer.Instance),
        _ => false,
    };

    private static bool IsMostlyDistinct<T>(ReadOnlySpan<T?> values, IEqualityComparer<T> comparer)
        where T : struct
    {
        var seen = new HashSet<T>(comparer);
        var present = 0;
        foreach (var value in values[..Math.Min(values.Length, SampleRows)])
        {
            if (value is { } v)
            {
                present++;
                seen.Add(v);
            }
        }
        // Half, not nearly all: a column of tens of thousands of values over a million rows (the records table's cities
        // and coordinates) repeats within the sample and keeps its dictionary, which makes its file smaller (BENCHMARKS.md).
        return seen.Count * 2 > present;
    }

    // Text compared by its characters, not by the buffer it is a slice of.
    private sealed class TextComparer : IEqualityComparer<ReadOnlyMemory<char>>
    {
        public static readonly TextComparer Instance = new();

        public bool Equals(ReadOnlyMemory<char> x, ReadOnlyMemory<char> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<char> obj) => string.GetHashCode(obj.Span, StringComparison.Ordinal);
    }
}
