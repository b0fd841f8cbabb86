namespace Kpipe.Pipeline.Sinks;

/// <summary>The file formats the sinks write: JSON lines, CSV (RFC 4180) and Parquet.</summary>
public enum OutputFormat
{
    /// <summary>One JSON object per line, <c>.json</c>, as Spark's JSON writer produces.</summary>
    Json,

    /// <summary>RFC 4180 CSV with a header row, <c>.csv</c>.</summary>
    Csv,

    /// <summary>Apache Parquet through ParquetSharp (Arrow's C++ writer), <c>.parquet</c>.</summary>
    Parquet,
}
