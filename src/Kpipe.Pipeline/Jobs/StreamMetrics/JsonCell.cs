using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// One top-level field of a scanned record: the field's id, the type its value infers (null for JSON null), where the
/// value's JSON text lies in the record's bytes, and its text in UTF-8 when the value is a string (unescaped) or an
/// object or array (its JSON text): a slice of the record's own bytes, or of the batch's <see cref="Utf8Arena"/> when
/// the bytes had to be unescaped or repaired.
/// </summary>
internal readonly struct JsonCell
{
    // A batch holds one cell per field of every record: the type is kept in a byte (0 for JSON null, else the type
    // plus one) so a cell takes 32 bytes rather than the 40 a nullable enum would make it.
    private readonly byte _type;

    /// <summary>Creates a cell.</summary>
    public JsonCell(int field, ColumnType? type, int start, int length, ReadOnlyMemory<byte> text)
    {
        Text = text;
        Field = field;
        Start = start;
        Length = length;
        _type = type is { } known ? (byte)((int)known + 1) : (byte)0;
    }

    /// <summary>The UTF-8 text when the value is a string, object or array; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Text { get; }

    /// <summary>The field's id in the job's <see cref="FieldIds"/>.</summary>
    public int Field { get; }

    /// <summary>Where the value's JSON text starts in the record's bytes.</summary>
    public int Start { get; }

    /// <summary>How many bytes the value's JSON text takes.</summary>
    public int Length { get; }

    /// <summary>The type the value infers; null for JSON null.</summary>
    public ColumnType? Type => _type == 0 ? null : (ColumnType)(_type - 1);
}
