using Microsoft.Win32.SafeHandles;

namespace Kpipe.Broker.Storage;

/// <summary>The real file system: <see cref="RandomAccess"/> on an unbuffered handle, fsync through <see cref="RandomAccess.FlushToDisk"/>.</summary>
internal sealed class PhysicalLogFileSystem : ILogFileSystem
{
    /// <summary>The shared instance; it holds no state.</summary>
    public static PhysicalLogFileSystem Instance { get; } = new();

    public ILogFile Open(string path) =>
        new PhysicalLogFile(File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete));

    private sealed class PhysicalLogFile(SafeFileHandle handle) : ILogFile
    {
        public long Length => RandomAccess.GetLength(handle);

        public int Read(Span<byte> buffer, long position)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var read = RandomAccess.Read(handle, buffer[total..], position + total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }

        public void Write(ReadOnlySpan<byte> data, long position) => RandomAccess.Write(handle, data, position);

        public void Flush() => RandomAccess.FlushToDisk(handle);

        public void Truncate(long length) => RandomAccess.SetLength(handle, length);

        public void Dispose() => handle.Dispose();
    }
}
