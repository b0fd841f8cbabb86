using System.Globalization;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>Deterministic user records shaped like the mock data (id, names, email, gender, ip_address, country).</summary>
internal static class MockUsers
{
    private static readonly string[] Genders = ["Male", "Female", "Non-binary", "Female", "Male", "Agender"];
    private static readonly string[] Countries = ["China", "Brazil", "France", "Indonesia", "Portugal"];

    /// <summary>
    /// <paramref name="count"/> records; ids repeat every <paramref name="distinctUsers"/>, every 7th record has no country
    /// field, and IPs come from documentation ranges.
    /// </summary>
    public static IReadOnlyList<string> Create(int count, int distinctUsers = int.MaxValue, int seed = 0) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var id = (i % distinctUsers) + 1 + seed;
            var country = i % 7 == 3 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $",\"country\":\"{Countries[i % Countries.Length]}\"");
            return string.Create(CultureInfo.InvariantCulture,
                $"{{\"id\":{id},\"first_name\":\"First{i}\",\"last_name\":\"O'Last, {i}\",\"email\":\"u{i}@example.com\",\"gender\":\"{Genders[i % Genders.Length]}\",\"ip_address\":\"192.0.2.{i % 250}\"{country}}}");
        }).ToArray();
}
