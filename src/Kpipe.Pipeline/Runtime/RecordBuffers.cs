using Confluent.Kafka;
using Kpipe.Pipeline.Jobs;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// Where consumed records live until their batch commits: the deserializer copies each key and value into a large
/// shared buffer, and <see cref="Seal"/> hands a batch its records in one array together with the buffers that hold
/// their bytes. <see cref="Release"/> takes both back once the batch has committed, for the records to come. A window
/// of records is then a few large arrays, reused, where an array per value (and an object per record) would be work
/// for every collection while the window fills and fresh memory for every batch. The buffers are pinned, so a native
/// writer can be handed addresses of text in them with no copy and no pinning per write.
/// </summary>
internal sealed class RecordBuffers : IDeserializer<ReadOnlyMemory<byte>?>
{
    private const int BufferLength = 1 << 20;
    private readonly Lock _lock = new();
    private readonly Stack<byte[]> _free = new();
    private List<byte[]> _filling = [];
    private byte[] _current = [];
    private int _used;
    private ConsumedRecord[] _spare = [];

    /// <inheritdoc />
    public ReadOnlyMemory<byte>? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return null;
        }
        if (data.Length > BufferLength / 4)
        {
            return data.ToArray();
        }
        if (_used + data.Length > _current.Length)
        {
            _current = NextBuffer();
            _used = 0;
        }
        data.CopyTo(_current.AsSpan(_used));
        var slice = new ReadOnlyMemory<byte>(_current, _used, data.Length);
        _used += data.Length;
        return slice;
    }

    /// <summary>
    /// Gives a batch <paramref name="records"/> (copied into an array of its own) and every buffer filled so far, which
    /// holds their bytes; records consumed after this go to other buffers.
    /// </summary>
    public SealedRecords Seal(List<ConsumedRecord> records)
    {
        lock (_lock)
        {
            var array = _spare.Length >= records.Count ? _spare : new ConsumedRecord[records.Count];
            _spare = [];
            records.CopyTo(array);
            var buffers = _filling;
            _filling = [];
            _current = [];
            _used = 0;
            return new SealedRecords(new ArraySegment<ConsumedRecord>(array, 0, records.Count), buffers);
        }
    }

    /// <summary>Takes back the memory of a batch that has committed; nothing may read its records afterwards.</summary>
    public void Release(SealedRecords records)
    {
        lock (_lock)
        {
            foreach (var buffer in records.Buffers)
            {
                _free.Push(buffer);
            }
            if (records.Records.Array is { } array && array.Length > _spare.Length)
            {
                _spare = array;
            }
        }
    }

    private byte[] NextBuffer()
    {
        lock (_lock)
        {
            var buffer = _free.Count > 0 ? _free.Pop() : GC.AllocateUninitializedArray<byte>(BufferLength, pinned: true);
            _filling.Add(buffer);
            return buffer;
        }
    }
}
