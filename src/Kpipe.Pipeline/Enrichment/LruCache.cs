namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// A bounded, thread-safe least-recently-used cache. Entries live in parallel arrays linked by index, so a hit
/// or an update allocates nothing; the arrays grow by doubling up to the capacity.
/// </summary>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull, IEquatable<TKey>
{
    private const int None = -1;
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, int> _index;
    private TKey[] _keys;
    private TValue[] _values;
    private int[] _previous;
    private int[] _next;
    private int _head = None;
    private int _tail = None;
    private int _count;

    public LruCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        var initial = Math.Min(capacity, 1024);
        _index = new Dictionary<TKey, int>(initial);
        _keys = new TKey[initial];
        _values = new TValue[initial];
        _previous = new int[initial];
        _next = new int[initial];
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
                value = _values[slot];
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
                _values[slot] = value;
                MoveToFront(slot);
                return;
            }
            if (_count == Capacity)
            {
                slot = _tail;
                Unlink(slot);
                _index.Remove(_keys[slot]);
            }
            else
            {
                EnsureRoom();
                slot = _count++;
            }
            _keys[slot] = key;
            _values[slot] = value;
            _index[key] = slot;
            LinkFront(slot);
        }
    }

    private void EnsureRoom()
    {
        if (_count < _keys.Length)
        {
            return;
        }
        var size = (int)Math.Min((long)Capacity, Math.Max(4L, _keys.Length * 2L));
        Array.Resize(ref _keys, size);
        Array.Resize(ref _values, size);
        Array.Resize(ref _previous, size);
        Array.Resize(ref _next, size);
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
        var previous = _previous[slot];
        var next = _next[slot];
        if (previous == None)
        {
            _head = next;
        }
        else
        {
            _next[previous] = next;
        }
        if (next == None)
        {
            _tail = previous;
        }
        else
        {
            _previous[next] = previous;
        }
    }

    private void LinkFront(int slot)
    {
        _previous[slot] = None;
        _next[slot] = _head;
        if (_head != None)
        {
            _previous[_head] = slot;
        }
        _head = slot;
        if (_tail == None)
        {
            _tail = slot;
        }
    }
}
