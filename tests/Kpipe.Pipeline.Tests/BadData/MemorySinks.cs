using System.Collections.Concurrent;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.BadData;

/// <summary>Batch sinks that keep a job's tables and dead letters in memory, for running a job without a runtime.</summary>
internal sealed class MemorySinks : IBatchSinks
{
    private readonly List<DeadLetter> _letters = [];

    public ConcurrentDictionary<(string Table, int Part), ColumnarTable> Tables { get; } = new();

    public IReadOnlyList<DeadLetter> Letters => _letters;

    public int DeadLetterCount => _letters.Count;

    public int Rows(string table) => Tables.Where(t => t.Key.Table == table).Sum(t => t.Value.RowCount);

    public Task WriteTableAsync(string table, ColumnarTable data, CancellationToken cancellationToken) => WriteTablePartAsync(table, 0, data, cancellationToken);

    public Task WriteTablePartAsync(string table, int part, ColumnarTable data, CancellationToken cancellationToken)
    {
        Tables[(table, part)] = data;
        return Task.CompletedTask;
    }

    public void DeadLetter(DeadLetter letter) => _letters.Add(letter);
}
