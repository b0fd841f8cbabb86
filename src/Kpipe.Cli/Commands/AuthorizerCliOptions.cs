using System.CommandLine;
using Kpipe.Broker.Authorization;

namespace Kpipe.Cli.Commands;

/// <summary>The ACL options of <c>kpipe broker start</c>, after Kafka's authorizer.class.name, super.users and allow.everyone.if.no.acl.found.</summary>
internal sealed class AuthorizerCliOptions
{
    private readonly Option<bool> _enabled = new("--authorizer") { Description = "Enforce ACLs (CreateAcls/DescribeAcls/DeleteAcls); principals are SASL users, User:ANONYMOUS without SASL" };
    private readonly Option<string?> _superUsers = new("--super-users") { Description = "Principals allowed everything, ';'-separated, e.g. User:admin;User:ops (needs --authorizer)" };
    private readonly Option<bool> _allowIfNoAcl = new("--allow-everyone-if-no-acl-found") { Description = "Let everyone use resources no ACL names (default: deny them; needs --authorizer)" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_enabled);
        command.Options.Add(_superUsers);
        command.Options.Add(_allowIfNoAcl);
    }

    /// <summary>The authorizer settings, or null without --authorizer; a bad principal or a setting without --authorizer is a <see cref="UserException"/>.</summary>
    public AuthorizerOptions? Authorizer(ParseResult parse)
    {
        var superUsers = (parse.GetValue(_superUsers) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!parse.GetValue(_enabled))
        {
            return superUsers.Length > 0 || parse.GetValue(_allowIfNoAcl)
                ? throw new UserException("--super-users and --allow-everyone-if-no-acl-found need --authorizer")
                : null;
        }

        if (superUsers.FirstOrDefault(p => !AclPrincipal.IsValid(p)) is { } bad)
        {
            throw new UserException($"--super-users: '{bad}' is not a principal; write TYPE:NAME, e.g. User:admin, separated by ';'");
        }

        return new AuthorizerOptions { SuperUsers = superUsers, AllowEveryoneIfNoAclFound = parse.GetValue(_allowIfNoAcl) };
    }
}
