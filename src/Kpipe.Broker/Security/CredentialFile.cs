using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Security;

/// <summary>
/// The broker's view of the credentials file: loaded at start (a bad file stops the start), then re-read on the next
/// login after its modification time or size changes, so <c>kpipe user add</c> and <c>remove</c> apply without a
/// restart. A file that turns bad later is logged and the last good users are kept.
/// </summary>
internal sealed partial class CredentialFile
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private CredentialStore _store;
    private (DateTime Modified, long Length) _stamp;

    public CredentialFile(string path, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _logger = logger;
        _stamp = Stamp();
        _store = CredentialStore.Load(_path);
    }

    /// <summary>The users as the file holds them now.</summary>
    public CredentialStore Current
    {
        get
        {
            lock (_lock)
            {
                var stamp = Stamp();
                if (stamp != _stamp)
                {
                    _stamp = stamp;
                    try
                    {
                        _store = CredentialStore.Load(_path);
                        LogReloaded(_path, _store.Users.Count);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                    {
                        LogReloadFailed(_path, e.Message);
                    }
                }

                return _store;
            }
        }
    }

    private (DateTime, long) Stamp()
    {
        var file = new FileInfo(_path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : (DateTime.MinValue, -1);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "re-read credentials file {Path}: {Users} users")]
    private partial void LogReloaded(string path, int users);

    [LoggerMessage(Level = LogLevel.Warning, Message = "credentials file {Path} could not be re-read, keeping the previous users: {Reason}")]
    private partial void LogReloadFailed(string path, string reason);
}
