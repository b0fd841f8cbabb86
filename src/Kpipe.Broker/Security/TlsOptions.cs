namespace Kpipe.Broker.Security;

/// <summary>TLS on the listener: the server certificate (with its chain) and private key, both PEM files.</summary>
public sealed record TlsOptions
{
    /// <summary>PEM file with the server certificate, optionally followed by its intermediates.</summary>
    public required string CertificateFile { get; init; }

    /// <summary>PEM file with the certificate's private key (unencrypted).</summary>
    public required string KeyFile { get; init; }
}
