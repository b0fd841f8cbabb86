namespace Kpipe.Reliability;

/// <summary>
/// One kind of damage done to a stopped broker's data directory: what it does to the files, which file the broker's
/// repair line must name, and whether repairing it may cost records (a cut log) or the last offset commit.
/// </summary>
/// <param name="Name">Short label used in the figures.</param>
/// <param name="Damage">Damages the data directory of the partition directory <c>topic-0</c> and the broker's own files.</param>
/// <param name="File">The file name the one repair line must mention.</param>
/// <param name="MayDropRecords">True when the repair cuts the log, so the records from the cut on are gone.</param>
/// <param name="DropsLastCommit">True when the repair falls back to the commit before the last one.</param>
public sealed record StorageDamage(string Name, Action<string> Damage, string File, bool MayDropRecords, bool DropsLastCommit)
{
    private const string Segment = "00000000000000000000";

    /// <summary>Every kind the damaged-storage scenario applies, one per broker run.</summary>
    public static IReadOnlyList<StorageDamage> All(string topic) =>
    [
        new("truncated segment tail", data => Cut(SegmentFile(data, topic, ".log"), 100), Segment + ".log", true, false),
        new("flipped byte mid-segment", data => Flip(SegmentFile(data, topic, ".log")), Segment + ".log", true, false),
        new("zeroed 4 KiB page mid-segment", data => ZeroPage(SegmentFile(data, topic, ".log")), Segment + ".log", true, false),
        new("missing offset index", data => System.IO.File.Delete(SegmentFile(data, topic, ".index")), Segment + ".index", false, false),
        new("corrupt offset index", data => Garble(SegmentFile(data, topic, ".index")), Segment + ".index", false, false),
        new("missing time index", data => System.IO.File.Delete(SegmentFile(data, topic, ".timeindex")), Segment + ".timeindex", false, false),
        new("corrupt time index", data => Garble(SegmentFile(data, topic, ".timeindex")), Segment + ".timeindex", false, false),
        new("half-written topics.json", data => Cut(Path.Combine(data, "topics.json"), new FileInfo(Path.Combine(data, "topics.json")).Length / 2), "topics.json", false, false),
        new("half-written committed-offsets file", data => Cut(OffsetsFile(data), 5), "offsets.log", false, true),
        new("stray temporary file", data => System.IO.File.WriteAllText(Path.Combine(data, ".topics.json.tmp"), "{\"version\":1,\"topics\":[{\"na"), ".topics.json.tmp", false, false),
    ];

    private static string SegmentFile(string data, string topic, string extension) => Path.Combine(data, topic + "-0", Segment + extension);

    private static string OffsetsFile(string data) => Path.Combine(data, "__consumer_offsets", "offsets.log");

    private static void Cut(string path, long bytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(file.Length - bytes);
    }

    private static void Flip(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        System.IO.File.WriteAllBytes(path, bytes);
    }

    private static void ZeroPage(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        Array.Clear(bytes, bytes.Length / 2 / 4096 * 4096, 4096);
        System.IO.File.WriteAllBytes(path, bytes);
    }

    private static void Garble(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        new Random(12).NextBytes(bytes);
        System.IO.File.WriteAllBytes(path, bytes);
    }
}
