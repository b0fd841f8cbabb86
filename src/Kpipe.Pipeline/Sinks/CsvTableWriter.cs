using System.Buffers;
using System.Globalization;
using System.Text;

namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// Writes a table as RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line
/// break (quotes doubled); a null is an empty unquoted field, an empty string a quoted one.
/// </summary>
public sealed class CsvTableWriter : ITableWriter
{
    /// <inheritdoc />
    public async Task WriteAsync(string path, ColumnarTable table, CancellationToken cancellationToken)
    {
        var schema = table.Schema;
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16))
        {
            var line = new StringBuilder();
            for (var i = 0; i < schema.Columns.Count; i++)
            {
                AppendSeparator(line, i);
                AppendText(line, schema.Columns[i].Name.AsSpan());
            }
            line.Append("\r\n");
            for (var row = 0; row < table.RowCount; row++)
            {
                for (var i = 0; i < schema.Columns.Count; i++)
                {
                    AppendSeparator(line, i);
                    AppendValue(line, table.Columns[i], row);
                }
                line.Append("\r\n");
                if (line.Length >= 1 << 15)
                {
                    await writer.WriteAsync(line, cancellationToken);
                    line.Clear();
                }
            }
            await writer.WriteAsync(line, cancellationToken);
            await writer.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
    }

    private static void AppendSeparator(StringBuilder line, int column)
    {
        if (column > 0)
        {
            line.Append(',');
        }
    }

    private static void AppendValue(StringBuilder line, ColumnValues values, int row)
    {
        switch (values)
        {
            case ColumnValues<ReadOnlyMemory<char>> texts when texts.Values.Span[row] is { } text:
                AppendText(line, text.Span);
                break;
            case ColumnValues<ReadOnlyMemory<byte>> utf8 when utf8.Values.Span[row] is { } bytes:
                AppendUtf8(line, bytes.Span);
                break;
            case ColumnValues<long> numbers when numbers.Values.Span[row] is { } number:
                line.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case ColumnValues<double> numbers when numbers.Values.Span[row] is { } number:
                line.Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case ColumnValues<bool> flags when flags.Values.Span[row] is { } flag:
                line.Append(flag ? "true" : "false");
                break;
            case ColumnValues<DateTimeOffset> instants when instants.Values.Span[row] is { } instant:
                line.Append(UtcTimestampText.Of(instant.UtcDateTime));
                break;
        }
    }

    // The text is decoded on the stack (or in a pooled buffer when long) and quoted as any other text.
    private static void AppendUtf8(StringBuilder line, ReadOnlySpan<byte> utf8)
    {
        const int StackChars = 256;
        char[]? rented = null;
        var buffer = utf8.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            AppendText(line, buffer[..Encoding.UTF8.GetChars(utf8, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static void AppendText(StringBuilder line, ReadOnlySpan<char> text)
    {
        if (text.Length > 0 && text.IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(text);
            return;
        }
        line.Append('"');
        foreach (var c in text)
        {
            if (c == '"')
            {
                line.Append('"');
            }
            line.Append(c);
        }
        line.Append('"');
    }
}
