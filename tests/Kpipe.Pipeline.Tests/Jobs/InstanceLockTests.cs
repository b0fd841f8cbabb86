using Kpipe.Pipeline.Runtime;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Unit")]
public sealed class InstanceLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kpipe-locks-").FullName;

    [Fact]
    public void A_held_name_cannot_be_taken_again_until_it_is_released()
    {
        using (var held = InstanceLock.TryAcquire(_directory, "worker"))
        {
            Assert.NotNull(held);
            Assert.Equal("worker", held.InstanceId);
            Assert.Null(InstanceLock.TryAcquire(_directory, "worker"));
        }

        using var again = InstanceLock.TryAcquire(_directory, "worker");
        Assert.NotNull(again);
    }

    [Fact]
    public void The_first_free_name_is_taken_so_a_restart_gets_back_the_name_it_had()
    {
        using var first = InstanceLock.AcquireFirstFree(_directory, "host");
        var second = InstanceLock.AcquireFirstFree(_directory, "host");
        Assert.Equal("host-1", first.InstanceId);
        Assert.Equal("host-2", second.InstanceId);

        second.Dispose();
        using var restarted = InstanceLock.AcquireFirstFree(_directory, "host");
        Assert.Equal("host-2", restarted.InstanceId);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
