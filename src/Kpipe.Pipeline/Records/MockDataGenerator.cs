using System.Globalization;
using System.Text.Json;

namespace Kpipe.Pipeline.Records;

/// <summary>
/// Deterministic Mockaroo-style user records: the same seed and count always give the same records and the same bytes.
/// Genders are Male and Female about 46% each and the rest spread over other identities; ~10% of addresses are IPv6.
/// </summary>
public sealed class MockDataGenerator(ulong seed)
{
    /// <summary>The seed of the committed <c>data_to_load/mock_data.json</c>.</summary>
    public const ulong DefaultSeed = 42;

    private static readonly DateTimeOffset FirstTimestamp = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int TimestampRangeSeconds = 366 * 24 * 3600;

    /// <summary>Records with ids 1..<paramref name="count"/>.</summary>
    public IEnumerable<MockUser> Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new SplitMix64(seed);
        for (var id = 1; id <= count; id++)
        {
            var firstName = random.Pick(MockWords.FirstNames);
            var lastName = random.Pick(MockWords.LastNames);
            yield return new MockUser(
                id,
                firstName,
                lastName,
                Email(random, firstName, lastName, id),
                Gender(random),
                (random.NextDouble() < 0.1 ? PublicIpAddresses.NextV6(random) : PublicIpAddresses.NextV4(random)).ToString(),
                random.Pick(MockWords.Countries),
                FirstTimestamp.AddSeconds(random.NextInt(TimestampRangeSeconds)));
        }
    }

    /// <summary>Writes <paramref name="count"/> records as a JSON array, one record per line, as Mockaroo exports them.</summary>
    public async Task WriteJsonArrayAsync(Stream output, int count, CancellationToken cancellationToken = default)
    {
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        output.WriteByte((byte)'[');
        var first = true;
        foreach (var user in Generate(count))
        {
            await writer.FlushAsync(cancellationToken);
            output.Write(first ? "\n"u8 : ",\n"u8);
            first = false;
            writer.Reset();
            Write(writer, user);
        }

        await writer.FlushAsync(cancellationToken);
        output.Write("\n]\n"u8);
        await output.FlushAsync(cancellationToken);
    }

    private static void Write(Utf8JsonWriter writer, MockUser user)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id"u8, user.Id);
        writer.WriteString("first_name"u8, user.FirstName);
        writer.WriteString("last_name"u8, user.LastName);
        writer.WriteString("email"u8, user.Email);
        writer.WriteString("gender"u8, user.Gender);
        writer.WriteString("ip_address"u8, user.IpAddress);
        writer.WriteString("country"u8, user.Country);
        writer.WriteString("timestamp"u8, user.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    private static string Email(SplitMix64 random, string firstName, string lastName, int id)
    {
        var domain = random.Pick(MockWords.DomainWords) + random.Pick(MockWords.DomainSuffixes) + "." + random.Pick(MockWords.TopLevelDomains);
        return string.Create(CultureInfo.InvariantCulture, $"{char.ToLowerInvariant(firstName[0])}{lastName.ToLowerInvariant()}{id % 100}@{domain}");
    }

    private static string Gender(SplitMix64 random)
    {
        var draw = random.NextDouble();
        return draw switch
        {
            < 0.46 => "Male",
            < 0.92 => "Female",
            _ => random.Pick(MockWords.OtherGenders),
        };
    }
}
