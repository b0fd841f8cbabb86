namespace Kpipe.Pipeline.Records;

/// <summary>A record file is not a JSON array or JSON lines of objects; says where (1-based line and byte column).</summary>
public sealed class JsonRecordFormatException(string problem, long line, long column, bool resumable = false)
    : Exception($"{problem} at line {line}, column {column}")
{
    /// <summary>
    /// True when only this record is lost and reading can go on with the next one (JSON lines resume at the next line;
    /// a record that is whole but not UTF-8 is skipped in either layout). False when the rest of the file is unreadable.
    /// </summary>
    public bool Resumable { get; } = resumable;

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; } = problem;

    /// <summary>1-based line of the problem.</summary>
    public long Line { get; } = line;

    /// <summary>1-based byte column of the problem within its line.</summary>
    public long Column { get; } = column;
}
