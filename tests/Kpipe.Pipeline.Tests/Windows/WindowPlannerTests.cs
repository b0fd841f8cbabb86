using Kpipe.Pipeline.Windows;

namespace Kpipe.Pipeline.Tests.Windows;

[Trait("Category", "Unit")]
public sealed class WindowPlannerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Windows_are_aligned_to_the_epoch_so_every_instance_agrees()
    {
        var planner = new WindowPlanner(TimeSpan.FromSeconds(10));

        var window = planner.WindowAt(Noon.AddSeconds(17.3));

        Assert.Equal(Noon.AddSeconds(10), window.Start);
        Assert.Equal(Noon.AddSeconds(20), window.End);
        Assert.True(window.Contains(Noon.AddSeconds(10)));
        Assert.False(window.Contains(Noon.AddSeconds(20)));
    }

    [Fact]
    public void An_instant_on_a_boundary_starts_the_next_window()
    {
        var planner = new WindowPlanner(TimeSpan.FromSeconds(7));
        var boundary = DateTimeOffset.FromUnixTimeSeconds(7 * 1000);

        Assert.Equal(boundary, planner.WindowAt(boundary).Start);
        Assert.Equal(boundary.AddSeconds(-7), planner.WindowAt(boundary.AddTicks(-1)).Start);
    }

    [Fact]
    public void Next_skips_windows_that_passed_while_a_batch_ran_and_never_goes_back()
    {
        var planner = new WindowPlanner(TimeSpan.FromSeconds(10));
        var first = planner.WindowAt(Noon);

        Assert.Equal(Noon.AddSeconds(30), planner.Next(first, Noon.AddSeconds(35)).Start);
        Assert.Equal(first.End, planner.Next(first, Noon.AddSeconds(3)).Start);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    [InlineData(1500)]
    public void Only_positive_whole_seconds_are_windows(int milliseconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowPlanner(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Window_directory_names_round_trip()
    {
        var start = Noon.AddSeconds(40);

        var name = WindowDirectory.NameOf(start);

        Assert.Equal("window_start=2026-01-31T12-00-40Z", name);
        Assert.True(WindowDirectory.TryParse(name, out var parsed));
        Assert.Equal(start, parsed);
        Assert.False(WindowDirectory.TryParse("window_start=yesterday", out _));
    }
}
