using Kpipe.IO;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.Sinks;

[Trait("Category", "Unit")]
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kpipe-atomic-").FullName;

    [Fact]
    public async Task A_written_file_appears_under_its_name_with_no_temporary_left()
    {
        var path = Path.Combine(_directory, "offsets", "000001");

        await AtomicFile.WriteAllTextAsync(path, "{\"batch\":1}", CancellationToken.None);

        Assert.Equal("{\"batch\":1}", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_neither_the_file_nor_its_temporary()
    {
        var path = Path.Combine(_directory, "000002");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAllTextAsync(path, "{}", cancelled.Token));

        Assert.Empty(Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
