using System.CommandLine;
using Kpipe.Broker.Security;

namespace Kpipe.Cli.Commands;

/// <summary>The SASL and TLS options that <c>kpipe broker start</c> and <c>kpipe cluster start</c> share.</summary>
internal sealed class BrokerSecurityOptions
{
    private readonly Option<string?> _credentials = new("--sasl-credentials") { Description = "Require SASL: the credentials file written by 'kpipe user add' (re-read when it changes)" };
    private readonly Option<string?> _mechanisms = new("--sasl-mechanisms") { Description = "Enabled SASL mechanisms, comma-separated (default PLAIN,SCRAM-SHA-256,SCRAM-SHA-512)" };
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "Serve TLS: PEM file with the server certificate (and its chain)" };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "PEM file with the TLS certificate's private key" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_credentials);
        command.Options.Add(_mechanisms);
        command.Options.Add(_tlsCert);
        command.Options.Add(_tlsKey);
    }

    /// <summary>Whether clients must authenticate or speak TLS (then a plain probe cannot tell that the broker answers).</summary>
    public bool AnySecurity(ParseResult parse) => Sasl(parse) is not null || Tls(parse) is not null;

    /// <summary>The SASL settings given, or null; a bad mechanism list is a <see cref="UserException"/>.</summary>
    public SaslOptions? Sasl(ParseResult parse)
    {
        var mechanisms = parse.GetValue(_mechanisms);
        if (parse.GetValue(_credentials) is not { } file)
        {
            return mechanisms is null ? null : throw new UserException("--sasl-mechanisms needs --sasl-credentials <file>");
        }

        try
        {
            return new SaslOptions { CredentialsFile = Path.GetFullPath(file), Mechanisms = mechanisms is null ? SaslMechanisms.All : SaslMechanisms.Parse(mechanisms) };
        }
        catch (ArgumentException e)
        {
            throw new UserException("--sasl-mechanisms: " + e.Message);
        }
    }

    /// <summary>The TLS settings given, or null; one of the two files without the other is a <see cref="UserException"/>.</summary>
    public TlsOptions? Tls(ParseResult parse) => (parse.GetValue(_tlsCert), parse.GetValue(_tlsKey)) switch
    {
        (null, null) => null,
        ({ } cert, { } key) => new TlsOptions { CertificateFile = Path.GetFullPath(cert), KeyFile = Path.GetFullPath(key) },
        _ => throw new UserException("TLS needs both --tls-cert <pem> and --tls-key <pem>"),
    };

    /// <summary>The same options as arguments for a <c>kpipe broker start</c> process, with absolute paths.</summary>
    public IEnumerable<string> Arguments(ParseResult parse)
    {
        if (Sasl(parse) is { } sasl)
        {
            yield return _credentials.Name;
            yield return sasl.CredentialsFile;
            yield return _mechanisms.Name;
            yield return string.Join(",", sasl.Mechanisms);
        }

        if (Tls(parse) is { } tls)
        {
            yield return _tlsCert.Name;
            yield return tls.CertificateFile;
            yield return _tlsKey.Name;
            yield return tls.KeyFile;
        }
    }
}
