namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// Arrays a job fills every batch (one per numbered slot and element type), kept from batch to batch and cleared before
/// each use: a batch's columns then land in memory the process already has instead of fresh large arrays every batch.
/// Holds at most the largest batch's worth; not thread-safe, as a job runs one batch at a time.
/// </summary>
internal sealed class ReusedArrays
{
    private readonly Dictionary<(Type Type, int Slot), Array> _arrays = [];

    /// <summary>An array of at least <paramref name="length"/> elements for <paramref name="slot"/>, its first <paramref name="length"/> set to default.</summary>
    public T[] Get<T>(int slot, int length)
    {
        if (_arrays.TryGetValue((typeof(T), slot), out var known) && known.Length >= length)
        {
            var array = (T[])known;
            Array.Clear(array, 0, length);
            return array;
        }
        var fresh = new T[length];
        _arrays[(typeof(T), slot)] = fresh;
        return fresh;
    }
}
