// AlterUserScramCredentials (KIP-554): v0 (flexible). Upserts and deletes SCRAM credentials in the credentials file of
// --sasl-credentials, which the listener re-reads at the next login, so a new or changed user can log in at once.
// Each user's changes apply all or none, with Kafka's errors: UNSUPPORTED_SASL_MECHANISM, UNACCEPTABLE_CREDENTIAL
// (iterations outside 4096–16384, an empty name), RESOURCE_NOT_FOUND (deleting what is not there), DUPLICATE_RESOURCE
// (a user and mechanism twice). Without --sasl-credentials every user gets UNSUPPORTED_SASL_MECHANISM: there is no
// store. With --authorizer it needs ALTER on the cluster (CLUSTER_AUTHORIZATION_FAILED).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Security;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Upserts and deletes SCRAM credentials of SASL users.</summary>
internal sealed class AlterUserScramCredentialsApi(BrokerContext context) : ApiHandler<AlterUserScramCredentialsApi.Request>, IApi
{
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.AlterUserScramCredentials, 0, 0, 0);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new AlterUserScramCredentialsApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(call.Access.AllowsCluster(AclOperation.Alter) ? Handle(request)
            : new Response([.. request.Deletions.Concat(request.Upsertions).Select(c => c.User).Distinct(StringComparer.Ordinal)
                .Select(user => new Response.Result(user, ErrorCode.ClusterAuthorizationFailed, $"{call.Access.Principal} may not ALTER the cluster"))]));

    /// <summary>AlterUserScramCredentials request: deletions, then upsertions (salt, iterations, Hi(password, salt, i)).</summary>
    public sealed record Request(IReadOnlyList<ScramChange> Deletions, IReadOnlyList<ScramChange> Upsertions) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var deletionCount = r.ReadArrayCount(true);
            var deletions = new ArrayBuilder<ScramChange>(deletionCount);
            for (var i = 0; i < deletionCount && !r.Failed; i++)
            {
                deletions.Add(new ScramChange(r.ReadString(true), r.ReadInt8()));
                r.SkipTaggedFields(true);
            }

            var upsertionCount = r.ReadArrayCount(true);
            var upsertions = new ArrayBuilder<ScramChange>(upsertionCount);
            for (var i = 0; i < upsertionCount && !r.Failed; i++)
            {
                var name = r.ReadString(true);
                var mechanism = r.ReadInt8();
                var iterations = r.ReadInt32();
                var salt = ReadBytes(ref r);
                var salted = ReadBytes(ref r);
                upsertions.Add(new ScramChange(name, mechanism, iterations, salt, salted));
                r.SkipTaggedFields(true);
            }

            r.SkipTaggedFields(true);
            return new Request(deletions.ToArray(), upsertions.ToArray());
        }

        private static byte[] ReadBytes(ref KafkaReader r)
        {
            if (!r.ReadNullableBytes(true, out var bytes))
            {
                r.Fail();
            }

            return bytes.ToArray();
        }
    }

    /// <summary>AlterUserScramCredentials response: one outcome per user.</summary>
    public sealed record Response(IReadOnlyList<Response.Result> Results, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One user's outcome.</summary>
        public sealed record Result(string User, ErrorCode ErrorCode, string? ErrorMessage) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteString(User, true);
                w.WriteInt16((short)ErrorCode);
                w.WriteNullableString(ErrorMessage, true);
                w.WriteEmptyTaggedFields(true);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteArray(Results, version);
            w.WriteEmptyTaggedFields(true);
        }
    }

    /// <summary>Applies each user's changes it can and saves the credentials file once.</summary>
    public Response Handle(Request request)
    {
        var changes = request.Deletions.Concat(request.Upsertions).ToList();
        if (context.Options.Sasl is not { } sasl)
        {
            return new Response([.. changes.Select(c => c.User).Distinct(StringComparer.Ordinal).Select(user => new Response.Result(
                user, ErrorCode.UnsupportedSaslMechanism, "this broker has no SCRAM credentials: start it with --sasl-credentials FILE"))]);
        }

        lock (_lock)
        {
            var before = CredentialStore.Load(sasl.CredentialsFile, missingIsEmpty: true);
            var after = ScramCredentialChanges.Apply(before, changes, out var results);
            if (results.Any(r => r.Error == ErrorCode.None))
            {
                after.Save(sasl.CredentialsFile);
            }

            return new Response([.. results.Select(r => new Response.Result(r.User, r.Error, r.Message))]);
        }
    }
}
