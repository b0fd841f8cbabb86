using System.Globalization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Kpipe.IO;

namespace Kpipe.Broker.Producers;

/// <summary>
/// Hands out producer ids for InitProducerId. Ids are reserved in blocks whose end is written to
/// <c>&lt;data&gt;/__producer_ids/next-block</c> (temp file, fsync, rename) before any id of the block is used,
/// so ids stay unique across restarts; the unused rest of a block is skipped after a restart.
/// </summary>
public sealed class ProducerIdManager
{
    private const long BlockSize = 1000;
    private readonly Lock _lock = new();
    private readonly string _path;
    private long _next;
    private long _reservedEnd;

    /// <summary>Loads the reserved high-water mark from <paramref name="dataDirectory"/> (0 on a new directory).</summary>
    public ProducerIdManager(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "__producer_ids");
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "next-block");
        if (File.Exists(_path))
        {
            var text = File.ReadAllText(_path).Trim();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _reservedEnd) || _reservedEnd < 0)
            {
                throw new IOException($"{_path} holds '{text}', not a producer id; restore it, or delete it only if no producer of this broker is still running");
            }
        }

        _next = _reservedEnd;
    }

    /// <summary>
    /// InitProducerId without a transactional id: a new producer id with epoch 0 (even when the client sends its old one,
    /// bumping epochs is transactional). A transactional id is the transaction coordinator's to answer, so it gets
    /// INVALID_REQUEST here (the coordinator also takes its producer ids from this method, with null).
    /// </summary>
    public InitProducerIdResult InitProducerId(string? transactionalId)
    {
        if (transactionalId is not null)
        {
            return new InitProducerIdResult(ErrorCode.InvalidRequest, -1, -1);
        }

        lock (_lock)
        {
            if (_next >= _reservedEnd)
            {
                Reserve(_reservedEnd + BlockSize);
            }

            return new InitProducerIdResult(ErrorCode.None, _next++, 0);
        }
    }

    private void Reserve(long end)
    {
        AtomicFile.Write(_path, System.Text.Encoding.ASCII.GetBytes(end.ToString(CultureInfo.InvariantCulture)));
        _reservedEnd = end;
    }
}
