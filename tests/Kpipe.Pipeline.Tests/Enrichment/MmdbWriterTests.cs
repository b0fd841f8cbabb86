using System.Net;
using Kpipe.Pipeline.Tests.Enrichment.Support;
using MaxMind.Db;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Unit")]
public sealed class MmdbWriterTests
{
    [Fact]
    public void Written_file_opens_in_the_MaxMind_reader_with_its_metadata_and_records()
    {
        var bytes = new MmdbWriter(6, "GeoLite2-City")
            .Insert("81.2.69.0/24", new Dictionary<string, object> { ["n"] = (uint)70000, ["s"] = new string('x', 300), ["b"] = true })
            .Insert("2001:db8::/32", new Dictionary<string, object> { ["f"] = 1.5f, ["d"] = -2.25, ["a"] = new object[] { "p", (ushort)7 } })
            .Build();

        using var reader = new Reader(new MemoryStream(bytes));

        Assert.Equal("GeoLite2-City", reader.Metadata.DatabaseType);
        Assert.Equal(6, reader.Metadata.IPVersion);
        var v4 = reader.Find<Dictionary<string, object>>(IPAddress.Parse("81.2.69.142"));
        Assert.NotNull(v4);
        Assert.Equal(70000L, Convert.ToInt64(v4["n"]));
        Assert.Equal(300, ((string)v4["s"]).Length);
        Assert.Equal(true, v4["b"]);
        var v6 = reader.Find<Dictionary<string, object>>(IPAddress.Parse("2001:db8:1::5"));
        Assert.NotNull(v6);
        Assert.Equal(1.5f, v6["f"]);
        Assert.Equal(-2.25, v6["d"]);
        Assert.Equal(["p", 7], ((List<object>)v6["a"]).Select(o => o is string s ? (object)s : Convert.ToInt32(o)));
        Assert.Null(reader.Find<Dictionary<string, object>>(IPAddress.Parse("81.2.70.1")));
    }
}
