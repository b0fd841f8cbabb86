using System.Security.Cryptography;
using System.Text;
using Kpipe.Broker.Security;

namespace Kpipe.Broker.Tests.Security;

[Trait("Category", "Unit")]
public sealed class ScramServerExchangeTests
{
    // RFC 7677 section 3: user "user", password "pencil".
    private const string ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string ServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static ScramCredential Rfc7677Credential()
    {
        var mechanism = ScramMechanism.Sha256;
        var salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");
        var salted = mechanism.SaltedPassword("pencil", salt, 4096);
        return new ScramCredential(salt, 4096, mechanism.StoredKey(mechanism.ClientKey(salted)), mechanism.ServerKey(salted));
    }

    private static ScramServerExchange Exchange(ScramCredential? credential = null) =>
        new(ScramMechanism.Sha256, user => user == "user" ? credential ?? Rfc7677Credential() : null, ServerNonce);

    [Fact]
    public void Rfc7677_test_vector_gives_the_published_server_first_and_server_final_messages()
    {
        var exchange = Exchange();

        Assert.Equal(ServerFirst, exchange.Start(ClientFirst));
        Assert.Equal(ServerFinal, exchange.Finish(ClientFinal));
        Assert.Equal("user", exchange.User);
    }

    [Fact]
    public void A_proof_made_with_another_password_is_refused()
    {
        var exchange = Exchange(ScramCredential.Create(ScramMechanism.Sha256, "not-pencil"));
        Assert.NotNull(exchange.Start(ClientFirst));

        Assert.Null(exchange.Finish(ClientFinal));
        Assert.Null(exchange.User);
        Assert.Contains("invalid credentials", exchange.Failure);
    }

    [Fact]
    public void An_unknown_user_is_refused_at_the_first_message()
    {
        var exchange = Exchange();

        Assert.Null(exchange.Start("n,,n=nobody,r=abc"));
        Assert.Contains("invalid credentials", exchange.Failure);
    }

    [Fact]
    public void A_final_message_with_another_nonce_is_refused()
    {
        var exchange = Exchange();
        exchange.Start(ClientFirst);

        Assert.Null(exchange.Finish(ClientFinal.Replace("k0,p=", "k1,p=", StringComparison.Ordinal)));
        Assert.Contains("nonce", exchange.Failure);
    }

    [Fact]
    public void A_final_message_whose_nonce_has_the_client_nonce_once_more_in_front_is_accepted_as_librdkafka_sends_it()
    {
        var exchange = Exchange();
        exchange.Start(ClientFirst);

        var doubled = ClientFinal.Replace("r=", "r=rOprNGfwEbeRWgbNEkqO", StringComparison.Ordinal);
        Assert.Null(exchange.Finish(doubled)); // the proof was computed over the RFC's message, so only the nonce check passes
        Assert.DoesNotContain("nonce", exchange.Failure);
    }

    [Fact]
    public void A_final_message_with_a_channel_binding_other_than_the_gs2_header_is_refused()
    {
        var exchange = Exchange();
        exchange.Start(ClientFirst);

        Assert.Null(exchange.Finish(ClientFinal.Replace("c=biws", "c=eSws", StringComparison.Ordinal)));
        Assert.Contains("channel binding", exchange.Failure);
    }

    [Theory]
    [InlineData("p=tls-unique,,n=user,r=abc")]
    [InlineData("n,,r=abc")]
    [InlineData("n,,n=user")]
    [InlineData("n,,n=us=er,r=abc")]
    [InlineData("n,a=other,n=user,r=abc")]
    [InlineData("garbage")]
    public void Malformed_or_unsupported_client_first_messages_are_refused(string clientFirst)
    {
        var exchange = Exchange();

        Assert.Null(exchange.Start(clientFirst));
        Assert.NotNull(exchange.Failure);
    }

    [Fact]
    public void Escaped_user_names_are_unescaped_before_lookup()
    {
        var credential = ScramCredential.Create(ScramMechanism.Sha512, "pw");
        var exchange = new ScramServerExchange(ScramMechanism.Sha512, user => user == "a,b=c" ? credential : null);

        Assert.NotNull(exchange.Start("n,,n=a=2Cb=3Dc,r=nonce"));
    }

    [Fact]
    public void A_client_computing_the_proof_from_the_password_authenticates_with_SHA_512()
    {
        var mechanism = ScramMechanism.Sha512;
        var credential = ScramCredential.Create(mechanism, "s3cret", 4096);
        var exchange = new ScramServerExchange(mechanism, user => user == "alice" ? credential : null);

        var serverFirst = exchange.Start("n,,n=alice,r=client-nonce")!;
        var fields = serverFirst.Split(',').ToDictionary(f => f[0], f => f[2..]);
        Assert.StartsWith("client-nonce", fields['r'], StringComparison.Ordinal);
        var salted = mechanism.SaltedPassword("s3cret", Convert.FromBase64String(fields['s']), int.Parse(fields['i'], System.Globalization.CultureInfo.InvariantCulture));
        var finalWithoutProof = $"c=biws,r={fields['r']}";
        var authMessage = Encoding.UTF8.GetBytes($"n=alice,r=client-nonce,{serverFirst},{finalWithoutProof}");
        var clientKey = mechanism.ClientKey(salted);
        var signature = mechanism.Hmac(mechanism.StoredKey(clientKey), authMessage);
        var proof = clientKey.Zip(signature, (k, s) => (byte)(k ^ s)).ToArray();

        var serverFinal = exchange.Finish($"{finalWithoutProof},p={Convert.ToBase64String(proof)}");

        Assert.Equal("v=" + Convert.ToBase64String(mechanism.Hmac(mechanism.ServerKey(salted), authMessage)), serverFinal);
        Assert.Equal("alice", exchange.User);
        Assert.True(CryptographicOperations.FixedTimeEquals(credential.StoredKey, mechanism.StoredKey(clientKey)));
    }
}
