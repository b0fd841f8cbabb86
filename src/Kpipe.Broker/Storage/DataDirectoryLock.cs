namespace Kpipe.Broker.Storage;

/// <summary>Holds <c>&lt;data&gt;/.lock</c> exclusively so that two brokers never share a data directory.</summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, ".lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            stream.Flush();
            return new DataDirectoryLock(stream);
        }
        catch (IOException e)
        {
            throw new IOException(
                $"data directory {dataDirectory} is in use by another broker (cannot lock {path}); stop that broker or choose another --data-dir",
                e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
