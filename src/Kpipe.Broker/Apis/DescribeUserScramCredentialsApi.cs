// DescribeUserScramCredentials (KIP-554): v0 (flexible). Lists each user's SCRAM mechanisms and iteration counts from
// the credentials file of --sasl-credentials (never a salt or key). A null or empty user list means every user; an
// unknown user gets RESOURCE_NOT_FOUND, a user named twice DUPLICATE_RESOURCE. Without --sasl-credentials there are
// no users. With --authorizer it needs DESCRIBE on the cluster (CLUSTER_AUTHORIZATION_FAILED).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Security;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Describes the SCRAM credentials of SASL users.</summary>
internal sealed class DescribeUserScramCredentialsApi(BrokerContext context) : ApiHandler<DescribeUserScramCredentialsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DescribeUserScramCredentials, 0, 0, 0);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DescribeUserScramCredentialsApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(call.Access.AllowsCluster(AclOperation.Describe) ? Handle(request)
            : new Response(ErrorCode.ClusterAuthorizationFailed, $"{call.Access.Principal} may not DESCRIBE the cluster", []));

    /// <summary>DescribeUserScramCredentials request: the users to describe, or null for all.</summary>
    public sealed record Request(IReadOnlyList<string>? Users) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var count = r.ReadArrayLength(true);
            var users = new ArrayBuilder<string>(Math.Max(count, 0));
            for (var i = 0; i < count && !r.Failed; i++)
            {
                users.Add(r.ReadString(true));
                r.SkipTaggedFields(true);
            }

            r.SkipTaggedFields(true);
            return new Request(count < 0 ? null : users.ToArray());
        }
    }

    /// <summary>DescribeUserScramCredentials response: per user its mechanisms and iterations, or its error.</summary>
    public sealed record Response(ErrorCode ErrorCode, string? ErrorMessage, IReadOnlyList<Response.Result> Results, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One user's credentials (mechanism wire value 1 SCRAM-SHA-256, 2 SCRAM-SHA-512, and iterations).</summary>
        public sealed record Result(string User, ErrorCode ErrorCode, string? ErrorMessage, IReadOnlyList<(sbyte Mechanism, int Iterations)> Credentials) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteString(User, true);
                w.WriteInt16((short)ErrorCode);
                w.WriteNullableString(ErrorMessage, true);
                w.WriteArrayLength(Credentials.Count, true);
                foreach (var (mechanism, iterations) in Credentials)
                {
                    w.WriteInt8(mechanism);
                    w.WriteInt32(iterations);
                    w.WriteEmptyTaggedFields(true);
                }

                w.WriteEmptyTaggedFields(true);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteInt16((short)ErrorCode);
            w.WriteNullableString(ErrorMessage, true);
            w.WriteArray(Results, version);
            w.WriteEmptyTaggedFields(true);
        }
    }

    /// <summary>Describes the requested users, or all.</summary>
    public Response Handle(Request request)
    {
        var store = context.Options.Sasl is { } sasl ? CredentialStore.Load(sasl.CredentialsFile, missingIsEmpty: true) : CredentialStore.Empty;
        var users = request.Users is { Count: > 0 } named ? named : store.Users;
        var results = new List<Response.Result>(users.Count);
        foreach (var user in users)
        {
            var credentials = store.CredentialsOf(user);
            if (users.Count(u => u == user) > 1)
            {
                results.Add(new Response.Result(user, ErrorCode.DuplicateResource, "Cannot describe SCRAM credentials for the same user twice in a single request", []));
            }
            else if (credentials.Count == 0)
            {
                results.Add(new Response.Result(user, ErrorCode.ResourceNotFound, "Attempt to describe a user credential that does not exist", []));
            }
            else
            {
                results.Add(new Response.Result(user, ErrorCode.None, null, [.. ScramMechanism.All
                    .Where(m => credentials.ContainsKey(m.Name))
                    .Select(m => (ScramCredentialChanges.WireValue(m), credentials[m.Name].Iterations))]));
            }
        }

        return new Response(ErrorCode.None, null, results);
    }
}
