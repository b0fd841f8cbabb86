namespace Kpipe.Broker.Storage;

/// <summary>
/// A list with one writer and lock-free readers: entries are written before the count is published, and a grown
/// array is published before the count that needs it, so a reader that reads the count first never sees a hole.
/// </summary>
internal sealed class AppendOnlyList<T>
    where T : struct
{
    private T[] _items = new T[16];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>A consistent prefix of the entries for a reader.</summary>
    public ReadOnlySpan<T> Snapshot()
    {
        var count = Volatile.Read(ref _count);
        return Volatile.Read(ref _items).AsSpan(0, count);
    }

    public void Add(T item)
    {
        var items = _items;
        if (_count == items.Length)
        {
            var grown = new T[items.Length * 2];
            items.CopyTo(grown, 0);
            grown[_count] = item;
            Volatile.Write(ref _items, grown);
        }
        else
        {
            items[_count] = item;
        }

        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>Drops every entry; only while no reader can see this list (recovery, rebuild under the append lock).</summary>
    public void Clear() => Volatile.Write(ref _count, 0);
}
