using System.Text;

namespace Kpipe.Pipeline.Sinks;

/// <summary>The <c>dead_letters</c> table: reason, origin (partition, offset, timestamp) and the raw key and value.</summary>
public static class DeadLetterTable
{
    /// <summary>The table's directory name under a job's output.</summary>
    public const string Name = "dead_letters";

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Columns: the raw value as text when it is UTF-8, otherwise as base64 in <c>value_base64</c>.</summary>
    public static readonly TableSchema Schema = TableSchema.Of(
        ("window_start", ColumnType.Timestamp),
        ("reason", ColumnType.String),
        ("partition", ColumnType.Long),
        ("offset", ColumnType.Long),
        ("timestamp", ColumnType.Timestamp),
        ("key", ColumnType.String),
        ("value", ColumnType.String),
        ("value_base64", ColumnType.String));

    /// <summary>The table of a batch's dead letters.</summary>
    public static ColumnarTable Table(DateTimeOffset windowStart, IEnumerable<DeadLetter> letters) => ColumnarTable.FromRows(Schema, letters.Select(l =>
        {
            var text = TryDecode(l.Value);
            return new object?[]
            {
                windowStart, l.Reason, (long)l.Partition, l.Offset, l.Timestamp,
                l.Key is null ? null : TryDecode(l.Key) ?? Convert.ToBase64String(l.Key),
                text, text is null ? Convert.ToBase64String(l.Value) : null,
            };
        }).ToArray());

    private static string? TryDecode(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
