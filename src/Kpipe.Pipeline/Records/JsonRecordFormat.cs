namespace Kpipe.Pipeline.Records;

/// <summary>How a record file is laid out, detected from its first non-blank character.</summary>
public enum JsonRecordFormat
{
    /// <summary>One JSON array whose elements are the records (<c>[</c> first).</summary>
    Array,

    /// <summary>One JSON object per line, "JSON Lines" (<c>{</c> first).</summary>
    Lines,
}
