using System.Text;
using System.Text.Json;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// Numbers the top-level field names a job has seen, so a record's fields are matched without a string per name.
/// Thread-safe: a batch's shares are scanned side by side and may meet a new name at the same time.
/// </summary>
internal sealed class FieldIds
{
    private const int StackNameLength = 256;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    // Replaced whole (never changed in place) when a name is added, so readers need no lock.
    private Names _names = new([], []);

    /// <summary>How many names are numbered.</summary>
    public int Count => Volatile.Read(ref _names).Text.Length;

    /// <summary>The id of <paramref name="name"/>, numbering it when new.</summary>
    public int IdOf(string name)
    {
        lock (_lock)
        {
            if (!_ids.TryGetValue(name, out var id))
            {
                var names = _names;
                id = names.Text.Length;
                _ids.Add(name, id);
                Volatile.Write(ref _names, new Names([.. names.Text, name], [.. names.Utf8, Encoding.UTF8.GetBytes(name)]));
            }
            return id;
        }
    }

    /// <summary>The id of the property name the reader is on (unescaped), numbering it when new.</summary>
    public int IdOf(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > StackNameLength)
        {
            return IdOf(reader.GetString()!);
        }
        Span<char> buffer = stackalloc char[StackNameLength];
        var name = buffer[..reader.CopyString(buffer)];
        lock (_lock)
        {
            if (_ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var id))
            {
                return id;
            }
        }
        return IdOf(name.ToString());
    }

    /// <summary>The name numbered <paramref name="id"/>.</summary>
    public string NameOf(int id) => Volatile.Read(ref _names).Text[id];

    /// <summary>The name numbered <paramref name="id"/> in UTF-8, to compare with a reader's property name without decoding it.</summary>
    public ReadOnlySpan<byte> Utf8NameOf(int id) => Volatile.Read(ref _names).Utf8[id];

    private sealed record Names(string[] Text, byte[][] Utf8);
}
