namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// A bounded, thread-safe least-recently-used cache. Entries live in one array of structs linked by index, so a hit
/// or an update allocates nothing and touches few cache lines; the array grows by doubling up to the capacity.
/// </summary>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull, IEquatable<TKey>
{
    private const int None = -1;
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, int> _index;
    private Entry[] _entries;
    private int _head = None;
    private int _tail = None;
    private int _count;

    public LruCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        var initial = Math.Min(capacity, 1024);
        _index = new Dictionary<TKey, int>(initial);
        _entries = new Entry[initial];
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(key, out var slot))
            {
                MoveToFront(slot);
                value = _entries[slot].Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        if (Capacity == 0)
        {
            return;
        }
        lock (_lock)
        {
            if (_index.TryGetValue(key, out var slot))
            {
                _entries[slot].Value = value;
                MoveToFront(slot);
                return;
            }
            if (_count == Capacity)
            {
                slot = _tail;
                Unlink(slot);
                _index.Remove(_entries[slot].Key);
            }
            else
            {
                EnsureRoom();
                slot = _count++;
            }
            _entries[slot].Key = key;
            _entries[slot].Value = value;
            _index[key] = slot;
            LinkFront(slot);
        }
    }

    private void EnsureRoom()
    {
        if (_count < _entries.Length)
        {
            return;
        }
        var size = (int)Math.Min((long)Capacity, Math.Max(4L, _entries.Length * 2L));
        Array.Resize(ref _entries, size);
    }

    private void MoveToFront(int slot)
    {
        if (slot == _head)
        {
            return;
        }
        Unlink(slot);
        LinkFront(slot);
    }

    private void Unlink(int slot)
    {
        var previous = _entries[slot].Previous;
        var next = _entries[slot].Next;
        if (previous == None)
        {
            _head = next;
        }
        else
        {
            _entries[previous].Next = next;
        }
        if (next == None)
        {
            _tail = previous;
        }
        else
        {
            _entries[next].Previous = previous;
        }
    }

    private void LinkFront(int slot)
    {
        _entries[slot].Previous = None;
        _entries[slot].Next = _head;
        if (_head != None)
        {
            _entries[_head].Previous = slot;
        }
        _head = slot;
        if (_tail == None)
        {
            _tail = slot;
        }
    }

    private struct Entry
    {
        public TKey Key;
        public TValue Value;
        public int Previous;
        public int Next;
    }
}
