using System.Text;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Tests.Storage;

[Trait("Category", "Unit")]
public sealed class Crc32CTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("abc", 0x364B3FB7u)]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void Compute_matches_standard_vectors(string input, uint expected)
    {
        var bytes = Encoding.ASCII.GetBytes(input);

        Assert.Equal(expected, Crc32C.Compute(bytes));
        Assert.Equal(expected, Crc32C.ComputeWithTable(bytes));
    }

    [Fact]
    public void Compute_of_32_zero_bytes_matches_rfc3720_vector()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void Hardware_and_table_paths_agree_for_every_length_and_alignment()
    {
        var data = new byte[1024 + 16];
        new Random(42).NextBytes(data);
        for (var start = 0; start < 8; start++)
        {
            for (var length = 0; length < 300; length++)
            {
                var slice = data.AsSpan(start, length);
                Assert.Equal(Crc32C.ComputeWithTable(slice), Crc32C.Compute(slice));
            }
        }
    }
}
