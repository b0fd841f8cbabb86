using System.Text;
using Confluent.Kafka;
using Kpipe.Pipeline.Producing;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Pipeline.Tests.Producing;

[Trait("Category", "Unit")]
public sealed class FileProducerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kpipe-producer-").FullName;

    [Fact]
    public async Task Every_record_becomes_one_message_keyed_by_its_id()
    {
        var path = Write("users.json", "[{\"id\":1,\"name\":\"a\"},\n{\"id\":\"x-2\",\"name\":\"b\"},\n{\"name\":\"no id\"}]");
        var producer = new FakeProducer();

        var summary = await new FileProducer(producer, TimeProvider.System).ProduceAsync(path, new FileProducerOptions { Topic = "users" }, null, CancellationToken.None);

        Assert.Equal((3L, 3L, 0L), (summary.Sent, summary.Delivered, summary.Failed));
        Assert.True(summary.Succeeded);
        Assert.All(producer.Sent, s => Assert.Equal("users", s.Topic));
        Assert.Equal(["1", "x-2", null], producer.Sent.Select(s => s.Message.Key is null ? null : Encoding.UTF8.GetString(s.Message.Key)));
        Assert.Equal("{\"id\":\"x-2\",\"name\":\"b\"}", Encoding.UTF8.GetString(producer.Sent[1].Message.Value));
    }

    [Fact]
    public async Task Failed_deliveries_are_counted_with_the_first_reason()
    {
        var path = Write("lines.json", string.Join("\n", Enumerable.Range(1, 10).Select(i => $"{{\"id\":{i}}}")));
        var producer = new FakeProducer(index => index % 4 == 1 ? new Error(ErrorCode.MsgSizeTooLarge, "too large") : null);

        var summary = await new FileProducer(producer, TimeProvider.System).ProduceAsync(path, new FileProducerOptions { Topic = "t" }, null, CancellationToken.None);

        Assert.Equal((10L, 7L, 3L), (summary.Sent, summary.Delivered, summary.Failed));
        Assert.Equal("too large", summary.FirstError);
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public async Task A_malformed_json_line_is_skipped_and_the_records_around_it_are_delivered()
    {
        var path = Write("bad.json", "{\"id\":1}\n{\"id\":2}\n{\"id\":3,,}\n{\"id\":4}");
        var producer = new FakeProducer();

        var summary = await new FileProducer(producer, TimeProvider.System).ProduceAsync(path, new FileProducerOptions { Topic = "t" }, null, CancellationToken.None);

        Assert.Equal((3L, 3L, 1L), (summary.Sent, summary.Delivered, summary.Skipped));
        Assert.Equal(3, summary.FirstSkipped?.Line);
        Assert.Null(summary.FormatError);
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public async Task A_syntax_error_in_a_json_array_stops_at_the_error_and_still_delivers_what_came_before()
    {
        var path = Write("bad.json", "[{\"id\":1},\n{\"id\":2},\n{\"id\":3,,},\n{\"id\":4}]");
        var producer = new FakeProducer();

        var summary = await new FileProducer(producer, TimeProvider.System).ProduceAsync(path, new FileProducerOptions { Topic = "t" }, null, CancellationToken.None);

        Assert.Equal((2L, 2L), (summary.Sent, summary.Delivered));
        Assert.Equal(3, summary.FormatError?.Line);
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public async Task A_full_local_queue_is_drained_and_retried_instead_of_failing()
    {
        var path = Write("many.json", string.Join("\n", Enumerable.Range(1, 100).Select(i => $"{{\"id\":{i}}}")));
        var producer = new FakeProducer(queueCapacity: 8);

        var summary = await new FileProducer(producer, TimeProvider.System).ProduceAsync(path, new FileProducerOptions { Topic = "t" }, null, CancellationToken.None);

        Assert.Equal((100L, 100L), (summary.Sent, summary.Delivered));
        Assert.True(producer.QueueFullRefusals > 0);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => i.ToString()), producer.Sent.Select(s => Encoding.UTF8.GetString(s.Message.Key!)));
    }

    [Fact]
    public async Task Rate_limiting_paces_records_on_the_clock()
    {
        var path = Write("paced.json", string.Join("\n", Enumerable.Range(1, 5).Select(i => $"{{\"id\":{i}}}")));
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var producer = new FakeProducer(clock: clock);
        var producing = new FileProducer(producer, clock).ProduceAsync(path, new FileProducerOptions { Topic = "t", RatePerSecond = 2 }, null, CancellationToken.None);

        // Virtual time moves in 10 ms steps, each followed by a yield so the producer can act on it. A producer that is
        // slow to register its delay may send late on a loaded machine, so the test holds it to the rule that matters:
        // never before its due time.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!producing.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {producer.Sent.Count} of 5 records sent");
            clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }

        var summary = await producing;
        Assert.Equal(5, summary.Sent);
        var offsets = producer.SentAt.Select(t => (t - start).TotalMilliseconds).ToArray();
        for (var i = 0; i < offsets.Length; i++)
        {
            Assert.True(offsets[i] >= 500 * i, $"record {i + 1} was sent at {offsets[i]} ms, before its due time {500 * i} ms");
        }
    }

    [Fact]
    public async Task Loop_starts_the_file_again_until_cancelled()
    {
        var path = Write("loop.json", "[{\"id\":1},{\"id\":2},{\"id\":3}]");
        var producer = new FakeProducer();
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Sent >= 1000)
            {
                cancellation.Cancel();
            }
        });
        var summary = await new FileProducer(producer, TimeProvider.System)
            .ProduceAsync(path, new FileProducerOptions { Topic = "t", Loop = true }, progress, cancellation.Token).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(summary.Interrupted);
        Assert.True(summary.Sent >= 1000);
        Assert.Equal(summary.Sent, summary.Delivered);
        Assert.Equal(["1", "2", "3", "1", "2", "3"], producer.Sent.Take(6).Select(s => Encoding.UTF8.GetString(s.Message.Key!)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(10));

    private sealed class SynchronousProgress(Action<ProduceProgress> onReport) : IProgress<ProduceProgress>
    {
        public void Report(ProduceProgress value) => onReport(value);
    }
}
