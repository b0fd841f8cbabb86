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
    public async Task WriteAsync(string path, TableSchema schema, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16))
        {
            var line = new StringBuilder();
            for (var i = 0; i < schema.Columns.Count; i++)
            {
                AppendSeparator(line, i);
                AppendText(line, schema.Columns[i].Name);
            }
            line.Append("\r\n");
            foreach (var row in rows)
            {
                for (var i = 0; i < schema.Columns.Count; i++)
                {
                    AppendSeparator(line, i);
                    AppendValue(line, row[i]);
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

    private static void AppendValue(StringBuilder line, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                AppendText(line, text);
                break;
            case long number:
                line.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                line.Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case bool flag:
                line.Append(flag ? "true" : "false");
                break;
            case DateTimeOffset instant:
                line.Append(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException($"a CSV field cannot hold a {value.GetType().Name}");
        }
    }

    private static void AppendText(StringBuilder line, string text)
    {
        if (text.Length > 0 && text.AsSpan().IndexOfAny(",\"\r\n") < 0)
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
