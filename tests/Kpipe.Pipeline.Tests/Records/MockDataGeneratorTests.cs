using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kpipe.Pipeline.Records;

namespace Kpipe.Pipeline.Tests.Records;

[Trait("Category", "Unit")]
public sealed class MockDataGeneratorTests
{
    [Fact]
    public async Task The_same_seed_gives_byte_identical_files()
    {
        Assert.Equal(await GenerateAsync(7, 500), await GenerateAsync(7, 500));
        Assert.NotEqual(await GenerateAsync(7, 500), await GenerateAsync(8, 500));
    }

    [Fact]
    public async Task The_file_is_a_json_array_that_the_record_reader_reads_back()
    {
        var bytes = await GenerateAsync(MockDataGenerator.DefaultSeed, 50);
        using var reader = new JsonRecordReader(new MemoryStream(bytes));
        var ids = new List<int>();
        while (await reader.ReadAsync())
        {
            using var document = JsonDocument.Parse(reader.Current);
            ids.Add(document.RootElement.GetProperty("id").GetInt32());
            Assert.Equal(
                ["id", "first_name", "last_name", "email", "gender", "ip_address", "country", "timestamp"],
                document.RootElement.EnumerateObject().Select(p => p.Name));
        }

        Assert.Equal(JsonRecordFormat.Array, reader.Format);
        Assert.Equal(Enumerable.Range(1, 50), ids);
    }

    [Fact]
    public void Genders_are_mostly_male_and_female_with_a_realistic_share_of_others()
    {
        var users = new MockDataGenerator(1).Generate(20_000).ToList();
        double Share(string gender) => users.Count(u => u.Gender == gender) / (double)users.Count;

        Assert.InRange(Share("Male"), 0.44, 0.48);
        Assert.InRange(Share("Female"), 0.44, 0.48);
        foreach (var other in new[] { "Genderqueer", "Bigender", "Polygender", "Non-binary", "Agender", "Genderfluid" })
        {
            Assert.InRange(Share(other), 0.008, 0.02);
        }
    }

    [Fact]
    public void Addresses_are_public_with_about_ten_percent_ipv6()
    {
        var addresses = new MockDataGenerator(3).Generate(20_000).Select(u => IPAddress.Parse(u.IpAddress)).ToList();
        var v6 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).ToList();

        Assert.InRange(v6.Count / (double)addresses.Count, 0.08, 0.12);
        Assert.All(addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork), a => Assert.False(IsReservedV4(a), a.ToString()));
        Assert.All(v6, a =>
        {
            var bytes = a.GetAddressBytes();
            Assert.Equal(0x20, bytes[0] & 0xE0);
            Assert.False(bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8, a.ToString());
            Assert.False(bytes[0] == 0x20 && bytes[1] == 0x02, a.ToString());
        });
    }

    [Fact]
    public void Ids_run_from_one_and_fields_are_filled()
    {
        var users = new MockDataGenerator(MockDataGenerator.DefaultSeed).Generate(1_000).ToList();

        Assert.Equal(Enumerable.Range(1, 1_000), users.Select(u => u.Id));
        Assert.All(users, u =>
        {
            Assert.Matches("^[a-z]+[0-9]{1,2}@[a-z]+\\.[a-z.]+$", u.Email);
            Assert.False(string.IsNullOrWhiteSpace(u.FirstName + u.LastName + u.Country));
            Assert.Equal(TimeSpan.Zero, u.Timestamp.Offset);
        });
        Assert.True(users.Select(u => u.Country).Distinct().Count() > 40);
    }

    [Fact]
    public async Task The_committed_sample_file_is_the_generators_output_for_the_default_seed()
    {
        var committed = await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot.Path, "data_to_load", "mock_data.json"));

        Assert.Equal(await GenerateAsync(MockDataGenerator.DefaultSeed, 1_000), committed);
    }

    private static bool IsReservedV4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return b[0] is 0 or 10 or 127 or >= 224
            || (b[0] == 100 && (b[1] & 0xC0) == 64)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 172 && (b[1] & 0xF0) == 16)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
            || (b[0] == 192 && b[1] == 88 && b[2] == 99)
            || (b[0] == 198 && (b[1] & 0xFE) == 18)
            || (b[0] == 198 && b[1] == 51 && b[2] == 100)
            || (b[0] == 203 && b[1] == 0 && b[2] == 113);
    }

    private static async Task<byte[]> GenerateAsync(ulong seed, int count)
    {
        using var output = new MemoryStream();
        await new MockDataGenerator(seed).WriteJsonArrayAsync(output, count);
        return output.ToArray();
    }
}
