using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Unit")]
public sealed class CacheAdmissionTests
{
    [Fact]
    public void Every_miss_is_let_in_until_a_round_with_almost_no_hits_and_then_one_in_sixteen_until_hits_come_back()
    {
        var admission = new CacheAdmission();

        // Round 1: no hits yet, every miss goes in.
        Assert.Equal(4096, Enumerable.Range(0, 4096).Count(_ => admission.Miss()));
        // Round 2: the first round had no hits, so one miss in 16.
        Assert.Equal(256, Enumerable.Range(0, 4096).Count(_ => admission.Miss()));
        // Round 3: a quarter of the lookups hit, which is enough to let every miss in again from round 4 on.
        for (var i = 0; i < 1024; i++)
        {
            admission.Hit();
        }
        Assert.Equal(192, Enumerable.Range(0, 3072).Count(_ => admission.Miss()));
        Assert.Equal(4096, Enumerable.Range(0, 4096).Count(_ => admission.Miss()));
    }
}
