using System.Runtime.InteropServices;

namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// Pins the arrays a native writer is handed addresses into, each once, until disposed. Text slices mostly share a few
/// large buffers (a batch's record buffers, a text arena), so the last array is remembered and most values need no
/// lookup at all.
/// </summary>
internal sealed class PinnedArrays : IDisposable
{
    private readonly Dictionary<byte[], nint> _addresses = new(ReferenceEqualityComparer.Instance);
    private readonly List<GCHandle> _handles = [];
    private byte[]? _last;
    private nint _lastAddress;

    /// <summary>The address of <paramref name="array"/>'s first element, pinned until <see cref="Dispose"/>.</summary>
    public nint AddressOf(byte[] array)
    {
        if (ReferenceEquals(array, _last))
        {
            return _lastAddress;
        }
        if (!_addresses.TryGetValue(array, out var address))
        {
            var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
            _handles.Add(handle);
            address = handle.AddrOfPinnedObject();
            _addresses.Add(array, address);
        }
        _last = array;
        _lastAddress = address;
        return address;
    }

    /// <summary>Unpins every array.</summary>
    public void Dispose()
    {
        foreach (var handle in _handles)
        {
            handle.Free();
        }
        _handles.Clear();
        _addresses.Clear();
        _last = null;
    }
}
