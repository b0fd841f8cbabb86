namespace Kpipe.Pipeline.Sinks;

/// <summary>Names, file extensions and writers of the <see cref="OutputFormat"/> values.</summary>
public static class OutputFormats
{
    /// <summary>Parses <c>json</c>, <c>csv</c> or <c>parquet</c> (any case); false for anything else.</summary>
    public static bool TryParse(string? text, out OutputFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "json":
                format = OutputFormat.Json;
                return true;
            case "csv":
                format = OutputFormat.Csv;
                return true;
            case "parquet":
                format = OutputFormat.Parquet;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>The file extension, with its dot.</summary>
    public static string Extension(this OutputFormat format) => format switch
    {
        OutputFormat.Json => ".json",
        OutputFormat.Csv => ".csv",
        OutputFormat.Parquet => ".parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The format a part file was written in, judged by its extension; false for other files.</summary>
    public static bool TryFromPath(string path, out OutputFormat format)
    {
        var extension = Path.GetExtension(path);
        return TryParse(extension.Length > 1 ? extension[1..] : null, out format);
    }

    /// <summary>The writer for a format: Parquet through ParquetSharp, which costs about half the CPU of Parquet.Net (BENCHMARKS.md).</summary>
    public static ITableWriter Writer(this OutputFormat format) => format switch
    {
        OutputFormat.Json => new JsonLinesTableWriter(),
        OutputFormat.Csv => new CsvTableWriter(),
        OutputFormat.Parquet => new ParquetSharpTableWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
