namespace Kpipe.Testing.BadData;

/// <summary>
/// One file of the bad-data corpus: good records mixed with one kind of damage, and how many records of each sort it
/// holds, so a test or the reliability campaign can check every good record was delivered and counted.
/// </summary>
/// <param name="Kind">Short name of the damage, used in file, topic and figure names ("truncated-lines").</param>
/// <param name="Damage">What is wrong with the file, in a few words.</param>
/// <param name="Bytes">The file's content.</param>
public sealed record BadDataFile(string Kind, string Damage, byte[] Bytes)
{
    /// <summary>Records every job keeps and counts.</summary>
    public int Good { get; init; }

    /// <summary>Distinct ids among the reachable good records: the users stream-metrics counts (fewer than the records when ids repeat).</summary>
    public int DistinctIds { get; init; }

    /// <summary>JSON objects whose user fields stream-metrics cannot use (its dead letters); stream-raw and consumer keep them.</summary>
    public int MetricsInvalid { get; init; }

    /// <summary>Valid JSON objects, delivered, that neither stream job can parse (nesting too deep): dead letters of both.</summary>
    public int Unparseable { get; init; }

    /// <summary>Pieces of the file that are not a JSON record (syntax, not an object, not UTF-8): the producer skips them.</summary>
    public int Broken { get; init; }

    /// <summary>Good records larger than a producer's default <c>message.max.bytes</c> (1,000,000 bytes).</summary>
    public int Oversized { get; init; }

    /// <summary>Good records after damage in a JSON array, which reading cannot get past.</summary>
    public int Unreachable { get; init; }

    /// <summary>Records that reach the topic with default client and topic limits.</summary>
    public int DeliveredWithDefaultLimits => Good + MetricsInvalid + Unparseable - Oversized - Unreachable;

    /// <summary>Records that reach the topic when the producer and topic accept messages of 16 MiB.</summary>
    public int DeliveredWithRaisedLimits => Good + MetricsInvalid + Unparseable - Unreachable;
}
