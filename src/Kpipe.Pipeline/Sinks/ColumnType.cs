namespace Kpipe.Pipeline.Sinks;

/// <summary>The value types a table column holds, ordered from narrowest to widest where one widens into another.</summary>
public enum ColumnType
{
    /// <summary>true/false.</summary>
    Boolean,

    /// <summary>64-bit integer.</summary>
    Long,

    /// <summary>64-bit floating point.</summary>
    Double,

    /// <summary>UTF-8 text.</summary>
    String,

    /// <summary>A UTC instant, stored as a timestamp in Parquet and as ISO-8601 text in JSON and CSV.</summary>
    Timestamp,

    /// <summary>A nested JSON object or array: kept as JSON in JSON output and as its JSON text in CSV and Parquet.</summary>
    Json,
}
