using System.Buffers.Binary;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Testing.Fuzzing;

/// <summary>
/// Mutates golden request frames the way a broken or hostile client would: bit flips, byte overwrites, length and count
/// fields set to huge, negative or off-by-one values, truncation, splices of two frames, inserted and deleted bytes, and a
/// header re-aimed at another (api, version). Frame <c>i</c> of seed <c>s</c> is a pure function of (s, i), so any frame
/// of a run can be rebuilt alone.
/// </summary>
public sealed class FrameMutator(IReadOnlyList<SeedFrame> seeds, int seed)
{
    private static readonly int[] InterestingInt32 = [-2, -1, 0, 1, int.MaxValue, int.MinValue, 0x10000000, 0x00FFFFFF, 0x7FFF, 0x8000];
    private static readonly short[] InterestingInt16 = [-2, -1, 0, 1, short.MaxValue, short.MinValue, 0x100];
    private static readonly byte[][] InterestingVarInts = [[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFF, 0xFF, 0xFF, 0xFF, 0x7F], [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0x00], [0xFF, 0xFF, 0x7F]];
    private static readonly ApiVersionRange[] Served = [.. ApiRegistry.All];

    /// <summary>The seed of the run, printed with its figures so a failure reproduces.</summary>
    public int Seed { get; } = seed;

    /// <summary>The golden frames mutations start from.</summary>
    public IReadOnlyList<SeedFrame> Seeds { get; } = seeds.Count > 0 ? seeds : throw new ArgumentException("no seed frames", nameof(seeds));

    /// <summary>Builds frame <paramref name="index"/> of the run: one golden frame with one to three mutations.</summary>
    public MutatedFrame Next(long index)
    {
        var random = new Random(unchecked((int)(Seed * 0x9E3779B1L ^ index * 0x85EBCA77L ^ (index >> 32))));
        var origin = Seeds[random.Next(Seeds.Count)];
        var bytes = new List<byte>(origin.Bytes);
        var applied = new List<string>(3);
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            applied.Add(MutateOnce(random, origin, bytes));
        }

        return new MutatedFrame(index, origin.Name, string.Join(", ", applied), [.. bytes]);
    }

    private string MutateOnce(Random random, SeedFrame origin, List<byte> bytes)
    {
        var kind = random.Next(100);
        return kind switch
        {
            < 20 => BitFlip(random, origin, bytes),
            < 35 => Overwrite(random, origin, bytes),
            < 60 => LengthField(random, origin, bytes),
            < 70 => Truncate(random, origin, bytes),
            < 78 => Splice(random, bytes),
            < 86 => Insert(random, origin, bytes),
            < 92 => Delete(random, origin, bytes),
            _ => Retarget(random, bytes),
        };
    }

    // Most mutations land in the body: a broken header only ever reaches the header parser.
    private static int Position(Random random, SeedFrame origin, List<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            return 0;
        }

        var bodyStart = Math.Min(origin.HeaderLength, bytes.Count - 1);
        return random.Next(10) < 8 && bodyStart < bytes.Count ? random.Next(bodyStart, bytes.Count) : random.Next(bytes.Count);
    }

    private static string BitFlip(Random random, SeedFrame origin, List<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            return "bit-flip (empty)";
        }

        var at = Position(random, origin, bytes);
        bytes[at] ^= (byte)(1 << random.Next(8));
        return $"bit-flip@{at}";
    }

    private static string Overwrite(Random random, SeedFrame origin, List<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            return "overwrite (empty)";
        }

        var at = Position(random, origin, bytes);
        var length = Math.Min(1 + random.Next(4), bytes.Count - at);
        for (var i = 0; i < length; i++)
        {
            bytes[at + i] = random.Next(4) switch
            {
                0 => 0x00,
                1 => 0xFF,
                2 => (byte)(random.Next(2) == 0 ? 0x7F : 0x80),
                _ => (byte)random.Next(256),
            };
        }

        return $"overwrite@{at}x{length}";
    }

    private static string LengthField(Random random, SeedFrame origin, List<byte> bytes)
    {
        var at = Position(random, origin, bytes);
        byte[] value;
        string what;
        switch (random.Next(3))
        {
            case 0:
                var wide = InterestingInt32[random.Next(InterestingInt32.Length)];
                value = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(value, wide);
                what = $"int32 {wide}";
                break;
            case 1:
                var narrow = InterestingInt16[random.Next(InterestingInt16.Length)];
                value = new byte[2];
                BinaryPrimitives.WriteInt16BigEndian(value, narrow);
                what = $"int16 {narrow}";
                break;
            default:
                value = InterestingVarInts[random.Next(InterestingVarInts.Length)];
                what = $"varint {Convert.ToHexString(value)}";
                break;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (at + i < bytes.Count)
            {
                bytes[at + i] = value[i];
            }
            else
            {
                bytes.Add(value[i]);
            }
        }

        return $"length {what}@{at}";
    }

    private static string Truncate(Random random, SeedFrame origin, List<byte> bytes)
    {
        var at = Position(random, origin, bytes);
        bytes.RemoveRange(at, bytes.Count - at);
        return $"truncate@{at}";
    }

    private string Splice(Random random, List<byte> bytes)
    {
        var other = Seeds[random.Next(Seeds.Count)];
        var keep = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
        var from = random.Next(other.Bytes.Length);
        bytes.RemoveRange(keep, bytes.Count - keep);
        bytes.AddRange(other.Bytes.AsSpan(from).ToArray());
        return $"splice@{keep} {other.Name}@{from}";
    }

    private static string Insert(Random random, SeedFrame origin, List<byte> bytes)
    {
        var at = Position(random, origin, bytes);
        var inserted = new byte[1 + random.Next(16)];
        random.NextBytes(inserted);
        bytes.InsertRange(at, inserted);
        return $"insert@{at}x{inserted.Length}";
    }

    private static string Delete(Random random, SeedFrame origin, List<byte> bytes)
    {
        var at = Position(random, origin, bytes);
        var length = Math.Min(1 + random.Next(8), bytes.Count - at);
        bytes.RemoveRange(at, length);
        return $"delete@{at}x{length}";
    }

    private static string Retarget(Random random, List<byte> bytes)
    {
        if (bytes.Count < 4)
        {
            return "retarget (too short)";
        }

        var range = Served[random.Next(Served.Length)];
        var version = (short)random.Next(range.MinVersion, range.MaxVersion + 1);
        bytes[0] = (byte)((short)range.Key >> 8);
        bytes[1] = (byte)range.Key;
        bytes[2] = (byte)(version >> 8);
        bytes[3] = (byte)version;
        return $"retarget {range.Key} v{version}";
    }
}
