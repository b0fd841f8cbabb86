using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Tests.Storage;

/// <summary>The real file system with counters and switchable faults, to observe fsyncs and inject failed writes.</summary>
internal sealed class FaultyFileSystem : ILogFileSystem
{
    private int _logFlushes;

    /// <summary>fsync calls on <c>.log</c> files.</summary>
    public int LogFlushes => Volatile.Read(ref _logFlushes);

    /// <summary>When set, writes to <c>.log</c> files throw.</summary>
    public bool FailLogWrites { get; set; }

    /// <summary>When set, fsyncs of <c>.log</c> files throw.</summary>
    public bool FailLogFlushes { get; set; }

    /// <summary>When set, writes to <c>.index</c> and <c>.timeindex</c> files throw.</summary>
    public bool FailIndexWrites { get; set; }

    /// <summary>When set, opening (creating) any file throws, as on a disk with no room for a new file.</summary>
    public bool FailOpens { get; set; }

    public ILogFile Open(string path) => FailOpens
        ? throw new IOException("injected open failure: no space left on device")
        : new FaultyFile(this, PhysicalLogFileSystem.Instance.Open(path), path.EndsWith(".log", StringComparison.Ordinal));

    private sealed class FaultyFile(FaultyFileSystem owner, ILogFile inner, bool isLog) : ILogFile
    {
        public long Length => inner.Length;

        public int Read(Span<byte> buffer, long position) => inner.Read(buffer, position);

        public void Write(ReadOnlySpan<byte> data, long position)
        {
            if (isLog && owner.FailLogWrites)
            {
                inner.Write(data[..(data.Length / 2)], position);
                throw new IOException("injected write failure: no space left on device");
            }

            if (!isLog && owner.FailIndexWrites)
            {
                throw new IOException("injected index write failure: no space left on device");
            }

            inner.Write(data, position);
        }

        public void Flush()
        {
            if (isLog)
            {
                if (owner.FailLogFlushes)
                {
                    throw new IOException("injected fsync failure");
                }

                Interlocked.Increment(ref owner._logFlushes);
            }

            inner.Flush();
        }

        public void Truncate(long length) => inner.Truncate(length);

        public void Dispose() => inner.Dispose();
    }
}
