using System.Text;
using System.Text.Json;

namespace Kpipe.Pipeline.Jobs;

/// <summary>Numbers the top-level field names a job has seen, so a record's fields are matched without a string per name.</summary>
internal sealed class FieldIds
{
    private const int StackNameLength = 256;
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly List<byte[]> _utf8Names = [];

    /// <summary>How many names are numbered.</summary>
    public int Count => _names.Count;

    /// <summary>The id of <paramref name="name"/>, numbering it when new.</summary>
    public int IdOf(string name)
    {
        if (!_ids.TryGetValue(name, out var id))
        {
            id = _names.Count;
            _ids.Add(name, id);
            _names.Add(name);
            _utf8Names.Add(Encoding.UTF8.GetBytes(name));
        }
        return id;
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
        return _ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var id) ? id : IdOf(name.ToString());
    }

    /// <summary>The name numbered <paramref name="id"/>.</summary>
    public string NameOf(int id) => _names[id];

    /// <summary>The name numbered <paramref name="id"/> in UTF-8, to compare with a reader's property name without decoding it.</summary>
    public ReadOnlySpan<byte> Utf8NameOf(int id) => _utf8Names[id];
}
