using System.Buffers;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>
/// Whole record batches read from a log, as bytes to send unchanged, or an error such as OffsetOutOfRange. When
/// <see cref="Rented"/> is set, <see cref="Records"/> lies in an array rented from <see cref="ArrayPool{T}.Shared"/>:
/// the one owner of the result hands it back with <see cref="ReturnRented"/> once the bytes are sent, or drops it.
/// </summary>
public readonly record struct ReadResult(ErrorCode Error, ReadOnlyMemory<byte> Records, byte[]? Rented = null)
{
    /// <summary>Gives the rented array back to the pool; <see cref="Records"/> must not be used afterwards.</summary>
    public void ReturnRented()
    {
        if (Rented is not null)
        {
            ArrayPool<byte>.Shared.Return(Rented);
        }
    }
}
