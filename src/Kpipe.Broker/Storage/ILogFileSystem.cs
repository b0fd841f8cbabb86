namespace Kpipe.Broker.Storage;

/// <summary>The file operations a partition log performs, behind a seam so tests can count flushes or inject failed writes.</summary>
internal interface ILogFileSystem
{
    /// <summary>Opens a file for reading and writing, creating it when missing.</summary>
    ILogFile Open(string path);
}

/// <summary>One open segment or index file: positional reads and writes, fsync and truncation.</summary>
internal interface ILogFile : IDisposable
{
    /// <summary>Current length in bytes.</summary>
    long Length { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="position"/>; returns the count read (0 at end of file).</summary>
    int Read(Span<byte> buffer, long position);

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="position"/>.</summary>
    void Write(ReadOnlySpan<byte> data, long position);

    /// <summary>Forces written data to the device (fsync).</summary>
    void Flush();

    /// <summary>Cuts the file to <paramref name="length"/> bytes.</summary>
    void Truncate(long length);
}
