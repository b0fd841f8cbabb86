using System.Globalization;
using System.Text;
using Kpipe.IO;

namespace Kpipe.Broker.Storage;

/// <summary>
/// Kafka's offset checkpoint file format (<c>recovery-point-offset-checkpoint</c>, <c>log-start-offset-checkpoint</c>):
/// a version line (0), a count line, then "topic partition offset" per line; written atomically.
/// </summary>
internal static class OffsetCheckpointFile
{
    public static Dictionary<(string Topic, int Partition), long> Read(string path)
    {
        var result = new Dictionary<(string, int), long>();
        if (!File.Exists(path))
        {
            return result;
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0].Trim() != "0")
        {
            throw new IOException($"{path} is not an offset checkpoint file (version 0); remove it to recover every partition from its start");
        }

        foreach (var line in lines.Skip(2))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
            {
                result[(parts[0], partition)] = offset;
            }
        }

        return result;
    }

    public static void Write(string path, IEnumerable<(string Topic, int Partition, long Offset)> entries)
    {
        var list = entries.ToList();
        var text = new StringBuilder();
        text.Append("0\n").Append(list.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (topic, partition, offset) in list)
        {
            text.Append(CultureInfo.InvariantCulture, $"{topic} {partition} {offset}\n");
        }

        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()));
    }
}
