namespace Kpipe.Pipeline.Tests;

[Trait("Category", "Unit")]
public sealed class TestCategoryTests
{
    [Fact]
    public void Every_test_class_carries_exactly_one_of_the_categories_make_selects_by()
    {
        var misfiled = TestCategories.Misfiled(typeof(TestCategoryTests).Assembly);

        Assert.True(misfiled.Count == 0, "Give each test class one of [Trait(\"Category\", \"Unit|Integration|Clients|Slow\")]:\n" + string.Join("\n", misfiled));
    }
}
