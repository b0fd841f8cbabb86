namespace Kpipe.Broker.Protocol;

/// <summary>
/// Collects the elements of a wire array whose count came from the peer. The count is only a claim, so the first
/// allocation is capped and the array grows with the elements actually read: a lying count costs a bounded amount,
/// an honest one of up to <see cref="InitialCapacity"/> elements is allocated once at its exact size.
/// </summary>
internal struct ArrayBuilder<T>(int count)
{
    /// <summary>The most elements allocated before any has been read.</summary>
    public const int InitialCapacity = 256;

    private T[] _items = count <= 0 ? [] : new T[Math.Min(count, InitialCapacity)];
    private int _length;

    /// <summary>Appends one element read from the wire.</summary>
    public void Add(T item)
    {
        if (_length == _items.Length)
        {
            Array.Resize(ref _items, (int)Math.Min((long)count, Math.Max(4L, _items.Length * 2L)));
        }

        _items[_length++] = item;
    }

    /// <summary>The elements read, at their exact size.</summary>
    public readonly T[] ToArray() => _length == _items.Length ? _items : _items[.._length];
}
