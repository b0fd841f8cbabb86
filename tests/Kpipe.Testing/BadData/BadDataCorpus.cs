using System.Globalization;
using System.Text;

namespace Kpipe.Testing.BadData;

/// <summary>
/// Generates the bad-data corpus: one file per kind of damage, each with good records before and after the damage (where
/// the damage leaves an after). Deterministic: the same arguments give the same bytes. Every record carries a
/// <c>source</c> field naming its kind, and ids start at <c>firstId</c>, so records of several files produced into one
/// topic can be told apart.
/// </summary>
public static class BadDataCorpus
{
    /// <summary>Size of the one huge string of <see cref="HugeString"/>.</summary>
    public const int HugeStringBytes = 1024 * 1024;

    /// <summary>Size of the single large record of <see cref="BigRecord"/>.</summary>
    public const int BigRecordBytes = 10 * 1024 * 1024;

    /// <summary>Nesting depth of the deep record of <see cref="DeepNesting"/>.</summary>
    public const int NestingDepth = 10_000;

    private static readonly string[] Genders = ["Female", "Male", "Non-binary", "Agender"];
    private static readonly string[] Countries = ["Serbia", "France", "Peru", "Japan", "Kenya"];

    /// <summary>Every kind, each with <paramref name="goodRecords"/> good records (at least 4); ids of kind i start at <see cref="FirstIdOf"/>(i).</summary>
    public static IReadOnlyList<BadDataFile> All(int goodRecords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(goodRecords, 4);
        Func<int, long, BadDataFile>[] kinds =
        [
            TruncatedLines, TruncatedArray, WrongTypes, HugeString, DeepNesting, InvalidUtf8, ByteOrderMark, DuplicateIds,
            BadIps, SpecialPurposeIps, BigRecord, Empty, WhitespaceOnly, Array, ArraySyntaxError, NotObjects, NotJson,
            NulBytes, CrLf,
        ];
        return kinds.Select((kind, i) => kind(goodRecords, FirstIdOf(i))).ToList();
    }

    /// <summary>The first id of the kind at <paramref name="index"/> in <see cref="All"/>: kinds' ids never overlap.</summary>
    public static long FirstIdOf(int index) => (index + 1) * 1_000_000L;

    /// <summary>JSON lines whose last record is cut in the middle, as a copy interrupted mid-file leaves it.</summary>
    public static BadDataFile TruncatedLines(int good, long firstId)
    {
        const string kind = "truncated-lines";
        var text = Lines(kind, firstId, good);
        var cut = Record(kind, firstId + good, 0);
        return new BadDataFile(kind, "JSON lines cut in the middle of the last record", Utf8(text + cut[..(cut.Length / 2)]))
        {
            Good = good,
            DistinctIds = good,
            Broken = 1,
        };
    }

    /// <summary>A JSON array cut in the middle of a record: no closing bracket.</summary>
    public static BadDataFile TruncatedArray(int good, long firstId)
    {
        const string kind = "truncated-array";
        var records = Enumerable.Range(0, good).Select(i => Record(kind, firstId + i, i)).ToList();
        var cut = Record(kind, firstId + good, 0);
        return new BadDataFile(kind, "a JSON array cut in the middle of its last record", Utf8("[\n" + string.Join(",\n", records) + ",\n" + cut[..(cut.Length / 2)]))
        {
            Good = good,
            DistinctIds = good,
            Broken = 1,
        };
    }

    /// <summary>Records whose fields have the wrong JSON type: id as object, array or boolean, gender a number, country an object.</summary>
    public static BadDataFile WrongTypes(int good, long firstId)
    {
        const string kind = "wrong-types";
        var half = good / 2;
        var id = firstId + good;
        string[] acceptable =
        [
            // A string id is a usable id; an array email is just another column.
            $$"""{"id":"{{id}}","first_name":"Ada","gender":"Female","ip_address":"81.2.69.160","country":"Peru","source":"{{kind}}"}""",
            $$"""{"id":{{id + 1}},"first_name":"Bo","email":["a@example.com","b@example.com"],"gender":"Male","ip_address":"81.2.69.161","country":"Peru","source":"{{kind}}"}""",
        ];
        string[] invalid =
        [
            $$"""{"id":{"value":{{id + 2}}},"gender":"Female","source":"{{kind}}"}""",
            $$"""{"id":[{{id + 3}}],"gender":"Female","source":"{{kind}}"}""",
            $$"""{"id":true,"gender":"Female","source":"{{kind}}"}""",
            $$"""{"id":{{id + 5}},"gender":7,"country":"Peru","source":"{{kind}}"}""",
            $$"""{"id":{{id + 6}},"gender":"Male","country":{"name":"Peru"},"source":"{{kind}}"}""",
        ];
        var text = Lines(kind, firstId, half) + string.Join("", acceptable.Concat(invalid).Select(l => l + "\n")) + Lines(kind, firstId + half, good - half);
        return new BadDataFile(kind, "fields of the wrong JSON type (id object/array/boolean, gender number, country object, email array)", Utf8(text))
        {
            Good = good + acceptable.Length,
            DistinctIds = good + acceptable.Length,
            MetricsInvalid = invalid.Length,
        };
    }

    /// <summary>One record whose first_name is a 1 MiB string, more than a producer's default message.max.bytes.</summary>
    public static BadDataFile HugeString(int good, long firstId)
    {
        const string kind = "huge-string";
        var half = good / 2;
        var huge = $$"""{"id":{{firstId + good}},"first_name":"{{new string('x', HugeStringBytes)}}","gender":"Female","ip_address":"81.2.69.162","country":"Japan","source":"{{kind}}"}""";
        return new BadDataFile(kind, $"one record with a {HugeStringBytes:N0}-byte first_name", Utf8(Lines(kind, firstId, half) + huge + "\n" + Lines(kind, firstId + half, good - half)))
        {
            Good = good + 1,
            DistinctIds = good + 1,
            Oversized = 1,
        };
    }

    /// <summary>One record with a field nested <see cref="NestingDepth"/> arrays deep: valid JSON that parsers limit.</summary>
    public static BadDataFile DeepNesting(int good, long firstId)
    {
        const string kind = "deep-nesting";
        var half = good / 2;
        var deep = $$"""{"id":{{firstId + good}},"gender":"Male","deep":{{new string('[', NestingDepth)}}{{new string(']', NestingDepth)}},"source":"{{kind}}"}""";
        return new BadDataFile(kind, $"one record nested {NestingDepth:N0} levels deep", Utf8(Lines(kind, firstId, half) + deep + "\n" + Lines(kind, firstId + half, good - half)))
        {
            Good = good,
            DistinctIds = good,
            Unparseable = 1,
        };
    }

    /// <summary>Two records holding bytes that are not UTF-8 inside a string (a lone continuation byte, 0xFF).</summary>
    public static BadDataFile InvalidUtf8(int good, long firstId)
    {
        const string kind = "invalid-utf8";
        var half = good / 2;
        var bytes = new List<byte>(Utf8(Lines(kind, firstId, half)));
        bytes.AddRange(WithBytes($$"""{"id":{{firstId + good}},"first_name":"A#","gender":"Male","source":"{{kind}}"}""", [0xC3, 0x28]));
        bytes.AddRange(WithBytes($$"""{"id":{{firstId + good + 1}},"last_name":"B#","gender":"Male","source":"{{kind}}"}""", [0xFF]));
        bytes.AddRange(Utf8(Lines(kind, firstId + half, good - half)));
        return new BadDataFile(kind, "two records with bytes that are not UTF-8 in a string", bytes.ToArray())
        {
            Good = good,
            DistinctIds = good,
            Broken = 2,
        };
    }

    /// <summary>JSON lines starting with a UTF-8 byte order mark, as some Windows editors save them.</summary>
    public static BadDataFile ByteOrderMark(int good, long firstId)
    {
        const string kind = "bom";
        return new BadDataFile(kind, "a UTF-8 byte order mark before the first record", [0xEF, 0xBB, 0xBF, .. Utf8(Lines(kind, firstId, good))])
        {
            Good = good,
            DistinctIds = good,
        };
    }

    /// <summary>Every other record repeats an earlier record's id.</summary>
    public static BadDataFile DuplicateIds(int good, long firstId)
    {
        const string kind = "duplicate-ids";
        var text = new StringBuilder();
        for (var i = 0; i < good; i++)
        {
            text.Append(Record(kind, firstId + i / 2, i)).Append('\n');
        }
        return new BadDataFile(kind, "ids repeated (each id twice)", Utf8(text.ToString()))
        {
            Good = good,
            DistinctIds = (good + 1) / 2,
        };
    }

    /// <summary>Records whose ip_address is not an address: words, out-of-range octets, too few octets, a number, empty.</summary>
    public static BadDataFile BadIps(int good, long firstId)
    {
        const string kind = "bad-ips";
        string[] addresses = ["not an ip", "300.1.2.3", "1.2.3.256", "1.2.3", "10.1", "1.2.3.4.5", "", "2001:db8::g"];
        var half = good / 2;
        var bad = addresses.Select((ip, i) => $$"""{"id":{{firstId + good + i}},"gender":"Male","ip_address":"{{ip}}","source":"{{kind}}"}""").ToList();
        bad.Add($$"""{"id":{{firstId + good + addresses.Length}},"gender":"Male","ip_address":16909060,"source":"{{kind}}"}""");
        // An IPv6 address is a good address.
        var v6 = $$"""{"id":{{firstId + good + addresses.Length + 1}},"gender":"Female","ip_address":"2a00:1450:4001:81b::200e","source":"{{kind}}"}""";
        var text = Lines(kind, firstId, half) + string.Join("", bad.Select(l => l + "\n")) + v6 + "\n" + Lines(kind, firstId + half, good - half);
        return new BadDataFile(kind, "ip_address not an address (words, octet 300, 3 octets, a number, empty) next to an IPv6 one", Utf8(text))
        {
            Good = good + 1,
            DistinctIds = good + 1,
            MetricsInvalid = bad.Count,
        };
    }

    /// <summary>Valid addresses that no database places: private, loopback, link-local, multicast, unspecified, broadcast, documentation.</summary>
    public static BadDataFile SpecialPurposeIps(int good, long firstId)
    {
        const string kind = "special-ips";
        string[] addresses =
        [
            "10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.1.1", "224.0.0.1", "0.0.0.0", "255.255.255.255",
            "192.0.2.1", "198.51.100.7", "203.0.113.9", "::1", "fe80::1", "2001:db8::1", "ff02::1",
        ];
        var half = good / 2;
        var special = addresses.Select((ip, i) => $$"""{"id":{{firstId + good + i}},"gender":"Female","ip_address":"{{ip}}","source":"{{kind}}"}""");
        var text = Lines(kind, firstId, half) + string.Join("", special.Select(l => l + "\n")) + Lines(kind, firstId + half, good - half);
        return new BadDataFile(kind, "special-purpose addresses (private, loopback, link-local, multicast, 0.0.0.0, broadcast, documentation; v4 and v6)", Utf8(text))
        {
            Good = good + addresses.Length,
            DistinctIds = good + addresses.Length,
        };
    }

    /// <summary>One record of <see cref="BigRecordBytes"/> bytes (a long string field) among good ones.</summary>
    public static BadDataFile BigRecord(int good, long firstId)
    {
        const string kind = "big-record";
        var half = good / 2;
        var head = $"{{\"id\":{firstId + good},\"gender\":\"Male\",\"source\":\"{kind}\",\"notes\":\"";
        var tail = "\"}";
        var big = head + new string('y', BigRecordBytes - head.Length - tail.Length) + tail;
        return new BadDataFile(kind, $"one record of {BigRecordBytes:N0} bytes", Utf8(Lines(kind, firstId, half) + big + "\n" + Lines(kind, firstId + half, good - half)))
        {
            Good = good + 1,
            DistinctIds = good + 1,
            Oversized = 1,
        };
    }

    /// <summary>A file of zero bytes.</summary>
    public static BadDataFile Empty(int good, long firstId) => new("empty", "an empty file", []);

    /// <summary>A file of blanks, tabs and line ends only.</summary>
    public static BadDataFile WhitespaceOnly(int good, long firstId) => new("whitespace-only", "only blanks, tabs and line ends", Utf8(" \n\t\r\n   \n"));

    /// <summary>A well-formed JSON array of records, one per line, as Mockaroo exports them.</summary>
    public static BadDataFile Array(int good, long firstId)
    {
        const string kind = "array";
        var records = Enumerable.Range(0, good).Select(i => Record(kind, firstId + i, i));
        return new BadDataFile(kind, "a well-formed JSON array (the other layout)", Utf8("[\n" + string.Join(",\n", records) + "\n]\n"))
        {
            Good = good,
            DistinctIds = good,
        };
    }

    /// <summary>A JSON array with a syntax error halfway: the records after it cannot be reached.</summary>
    public static BadDataFile ArraySyntaxError(int good, long firstId)
    {
        const string kind = "array-syntax-error";
        var half = good / 2;
        var records = Enumerable.Range(0, good).Select(i => Record(kind, firstId + i, i)).ToList();
        records.Insert(half, $$"""{"id":{{firstId + good}},"gender":,"source":"{{kind}}"}""");
        return new BadDataFile(kind, "a JSON array with a syntax error halfway", Utf8("[\n" + string.Join(",\n", records) + "\n]\n"))
        {
            Good = good,
            DistinctIds = half,
            Broken = 1,
            Unreachable = good - half,
        };
    }

    /// <summary>JSON lines holding values that are not objects: a number, a string, an array, null, true.</summary>
    public static BadDataFile NotObjects(int good, long firstId)
    {
        const string kind = "not-objects";
        string[] values = ["42", "\"a string\"", "[1,2,3]", "null", "true"];
        var half = good / 2;
        return new BadDataFile(kind, "lines that are JSON but not objects (number, string, array, null, true)",
            Utf8(Lines(kind, firstId, half) + string.Join("", values.Select(v => v + "\n")) + Lines(kind, firstId + half, good - half)))
        {
            Good = good,
            DistinctIds = good,
            Broken = values.Length,
        };
    }

    /// <summary>A CSV file given where JSON records are expected.</summary>
    public static BadDataFile NotJson(int good, long firstId)
    {
        var text = new StringBuilder("id,first_name,gender\n");
        for (var i = 0; i < good; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{firstId + i},Name{i},Female\n");
        }
        return new BadDataFile("not-json", "a CSV file, not JSON at all", Utf8(text.ToString())) { Broken = 1 };
    }

    /// <summary>NUL bytes: a line of them between records, and one inside a record's string.</summary>
    public static BadDataFile NulBytes(int good, long firstId)
    {
        const string kind = "nul-bytes";
        var half = good / 2;
        var bytes = new List<byte>(Utf8(Lines(kind, firstId, half)));
        bytes.AddRange([0, 0, 0, (byte)'\n']);
        bytes.AddRange(WithBytes($$"""{"id":{{firstId + good}},"first_name":"A#B","gender":"Male","source":"{{kind}}"}""", [0]));
        bytes.AddRange(Utf8(Lines(kind, firstId + half, good - half)));
        return new BadDataFile(kind, "NUL bytes: a line of them, and one inside a string", bytes.ToArray())
        {
            Good = good,
            DistinctIds = good,
            Broken = 2,
        };
    }

    /// <summary>JSON lines with Windows line ends.</summary>
    public static BadDataFile CrLf(int good, long firstId)
    {
        const string kind = "crlf";
        return new BadDataFile(kind, "JSON lines ending in CR LF", Utf8(Lines(kind, firstId, good).Replace("\n", "\r\n", StringComparison.Ordinal)))
        {
            Good = good,
            DistinctIds = good,
        };
    }

    /// <summary>One good record in the mock data's shape, with a public address; <paramref name="n"/> varies the fields.</summary>
    public static string Record(string kind, long id, int n) =>
        $$"""{"id":{{id}},"first_name":"Name{{n}}","last_name":"Last{{n}}","email":"n{{n}}@example.com","gender":"{{Genders[n % Genders.Length]}}","ip_address":"81.2.{{n / 250 % 250}}.{{n % 250 + 1}}","country":"{{Countries[n % Countries.Length]}}","source":"{{kind}}"}""";

    private static string Lines(string kind, long firstId, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(Record(kind, firstId + i, i)).Append('\n');
        }
        return text.ToString();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // The record's one '#' replaced by raw bytes, followed by a line end.
    private static byte[] WithBytes(string record, byte[] raw)
    {
        var at = record.IndexOf('#', StringComparison.Ordinal);
        return [.. Utf8(record[..at]), .. raw, .. Utf8(record[(at + 1)..] + "\n")];
    }
}
