using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Authorization;

/// <summary>
/// The broker's ACLs and the decisions made from them: checks read an immutable snapshot without locking; changes are
/// serialized, written to <c>acls.json</c> before they take effect and before the client is answered.
/// </summary>
internal sealed class AclAuthorizer
{
    private readonly AuthorizerOptions _options;
    private readonly AclStore _store;
    private readonly Lock _writeLock = new();
    private volatile AclBinding[] _acls;

    /// <summary>Loads the stored ACLs of <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="IOException">The ACL file is unreadable or damaged.</exception>
    public AclAuthorizer(AuthorizerOptions options, string dataDirectory)
    {
        _options = options;
        _store = new AclStore(dataDirectory);
        _acls = [.. _store.Load()];
    }

    /// <summary>Whether <paramref name="principal"/> from <paramref name="host"/> may do <paramref name="operation"/> to the resource.</summary>
    public bool Authorize(string principal, string host, AclResourceType resourceType, string resourceName, AclOperation operation) =>
        AclMatcher.Authorize(_acls, _options, principal, host, resourceType, resourceName, operation);

    /// <summary>Whether the principal may do <paramref name="operation"/> to at least one resource of the type.</summary>
    public bool AuthorizeAny(string principal, string host, AclResourceType resourceType, AclOperation operation) =>
        AclMatcher.AuthorizeAny(_acls, _options, principal, host, resourceType, operation);

    /// <summary>Every stored ACL the filter selects.</summary>
    public IReadOnlyList<AclBinding> Describe(AclBindingFilter filter) => [.. _acls.Where(filter.Matches)];

    /// <summary>Stores each valid ACL (an existing one is kept once); per creation, the error Kafka gives.</summary>
    public IReadOnlyList<(ErrorCode Error, string? Message)> Create(IReadOnlyList<AclBinding> creations)
    {
        var results = new (ErrorCode, string?)[creations.Count];
        lock (_writeLock)
        {
            var after = new List<AclBinding>(_acls);
            for (var i = 0; i < creations.Count; i++)
            {
                if (creations[i].Invalid() is { } invalid)
                {
                    results[i] = (ErrorCode.InvalidRequest, invalid);
                    continue;
                }

                if (!after.Contains(creations[i]))
                {
                    after.Add(creations[i]);
                }
            }

            if (after.Count != _acls.Length && TrySave(after) is { } failure)
            {
                Array.Fill(results, (ErrorCode.KafkaStorageError, failure));
            }
        }

        return results;
    }

    /// <summary>Removes every ACL each filter selects; per filter, the ACLs it removed or why it was refused.</summary>
    public IReadOnlyList<(ErrorCode Error, string? Message, IReadOnlyList<AclBinding> Deleted)> Delete(IReadOnlyList<AclBindingFilter> filters)
    {
        var results = new (ErrorCode, string?, IReadOnlyList<AclBinding>)[filters.Count];
        lock (_writeLock)
        {
            var after = new List<AclBinding>(_acls);
            for (var i = 0; i < filters.Count; i++)
            {
                if (filters[i].Invalid() is { } invalid)
                {
                    results[i] = (ErrorCode.InvalidRequest, invalid, []);
                    continue;
                }

                var filter = filters[i];
                results[i] = (ErrorCode.None, null, [.. _acls.Where(filter.Matches)]);
                after.RemoveAll(filter.Matches);
            }

            if (after.Count != _acls.Length && TrySave(after) is { } failure)
            {
                Array.Fill(results, (ErrorCode.KafkaStorageError, failure, []));
            }
        }

        return results;
    }

    private string? TrySave(List<AclBinding> acls)
    {
        try
        {
            _store.Save(acls);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the ACLs could not be written to {_store.FilePath}: {e.Message}; nothing changed";
        }

        _acls = [.. acls];
        return null;
    }
}
