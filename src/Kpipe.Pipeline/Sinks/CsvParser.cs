using System.Text;

namespace Kpipe.Pipeline.Sinks;

/// <summary>Parses RFC 4180 CSV with a header row into rows keyed by column name; an empty unquoted field is null.</summary>
internal static class CsvParser
{
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Parse(string text)
    {
        var records = ParseRecords(text);
        if (records.Count == 0)
        {
            return [];
        }
        var header = records[0];
        var rows = new List<IReadOnlyDictionary<string, object?>>(records.Count - 1);
        foreach (var record in records.Skip(1))
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count && i < record.Count; i++)
            {
                row[header[i]!] = record[i];
            }
            rows.Add(row);
        }
        return rows;
    }

    private static List<List<string?>> ParseRecords(string text)
    {
        var records = new List<List<string?>>();
        var record = new List<string?>();
        var field = new StringBuilder();
        var inQuotes = false;
        var wasQuoted = false;

        void EndField()
        {
            record.Add(field.Length == 0 && !wasQuoted ? null : field.ToString());
            field.Clear();
            wasQuoted = false;
        }

        void EndRecord()
        {
            EndField();
            records.Add(record);
            record = [];
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inQuotes = true;
                    wasQuoted = true;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    EndRecord();
                    break;
                case '\n':
                    EndRecord();
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || wasQuoted || record.Count > 0)
        {
            EndRecord();
        }
        return records;
    }
}
