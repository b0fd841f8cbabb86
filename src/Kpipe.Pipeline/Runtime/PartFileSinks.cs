using System.Globalization;
using Kpipe.IO;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Sinks;
using Kpipe.Pipeline.Windows;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// The runtime's <see cref="IBatchSinks"/>: writes each table to
/// <c>&lt;root&gt;/&lt;table&gt;/window_start=…/part-&lt;instance&gt;-&lt;batch&gt;.&lt;ext&gt;</c> (parts after the first:
/// <c>part-&lt;instance&gt;-&lt;batch&gt;.&lt;part&gt;.&lt;ext&gt;</c>) under a hidden temporary name, and on
/// <see cref="CommitAsync"/> renames them all into place. Names depend only on the instance and the batch, so a re-run
/// of a batch replaces its own files.
/// </summary>
public sealed class PartFileSinks : IBatchSinks
{
    private readonly string _root;
    private readonly string _instance;
    private readonly OutputFormat _format;
    private readonly ITableWriter _writer;
    private readonly JobBatch _batch;
    private readonly IFaultInjector _faults;
    private readonly Lock _lock = new();
    private readonly List<(string Temporary, string Final)> _pending = [];
    private readonly List<DeadLetter> _deadLetters = [];

    /// <summary>Creates the sinks for one batch of a job writing under <paramref name="root"/>.</summary>
    public PartFileSinks(string root, string instance, OutputFormat format, JobBatch batch, IFaultInjector faults)
    {
        _root = root;
        _instance = instance;
        _format = format;
        _writer = format.Writer();
        _batch = batch;
        _faults = faults;
    }

    /// <inheritdoc />
    public int DeadLetterCount => _deadLetters.Count;

    /// <summary>The batch's dead letters so far, in the order they were routed.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters => _deadLetters;

    /// <inheritdoc />
    public Task WriteTableAsync(string table, ColumnarTable data, CancellationToken cancellationToken) =>
        WriteTablePartAsync(table, 0, data, cancellationToken);

    /// <inheritdoc />
    public async Task WriteTablePartAsync(string table, int part, ColumnarTable data, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        var directory = Path.Combine(_root, table, _batch.Window.DirectoryName);
        Directory.CreateDirectory(directory);
        // Part 0 keeps the single-part name; the others add their number before the extension, where DeleteBatch finds them.
        var suffix = part == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $".{part}");
        var final = Path.Combine(directory, PartName(_instance, _batch.BatchId) + suffix + _format.Extension());
        var temporary = AtomicFile.TemporaryPathFor(final);
        lock (_lock)
        {
            _pending.Add((temporary, final));
        }
        await _writer.WriteAsync(temporary, data, cancellationToken);
    }

    /// <inheritdoc />
    public void DeadLetter(DeadLetter letter) => _deadLetters.Add(letter);

    /// <summary>Writes the dead letters table (when there are any), then renames every part file into place.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_deadLetters.Count > 0)
        {
            await WriteTableAsync(DeadLetterTable.Name, DeadLetterTable.Table(_batch.Window.Start, _deadLetters), cancellationToken);
        }
        // Tables may have been written side by side: they are published in one order whatever order they finished in.
        _pending.Sort((a, b) => string.CompareOrdinal(a.Final, b.Final));
        for (var i = 0; i < _pending.Count; i++)
        {
            AtomicFile.Publish(_pending[i].Temporary, _pending[i].Final);
            if (i == 0)
            {
                _faults.Reached(FaultPoint.MidOutput, _batch.BatchId);
            }
        }
        _pending.Clear();
    }

    /// <summary>
    /// Deletes every part file, published or temporary, that batch <paramref name="batchId"/> of
    /// <paramref name="instance"/> wrote under <paramref name="root"/> (<c>&lt;table&gt;/&lt;window&gt;/</c>), whatever its format.
    /// </summary>
    public static void DeleteBatch(string root, string instance, long batchId)
    {
        if (!Directory.Exists(root))
        {
            return;
        }
        var name = PartName(instance, batchId);
        foreach (var window in Directory.EnumerateDirectories(root).SelectMany(Directory.EnumerateDirectories))
        {
            foreach (var file in Directory.EnumerateFiles(window))
            {
                var fileName = Path.GetFileName(file);
                if (fileName.StartsWith(name + ".", StringComparison.Ordinal) || fileName.StartsWith("." + name + ".", StringComparison.Ordinal))
                {
                    File.Delete(file);
                }
            }
        }
    }

    /// <summary>Deletes the temporary files of a batch that will not be committed.</summary>
    public void Abort()
    {
        foreach (var (temporary, _) in _pending)
        {
            File.Delete(temporary);
        }
        _pending.Clear();
    }

    private static string PartName(string instance, long batchId) => string.Create(CultureInfo.InvariantCulture, $"part-{instance}-{batchId:D6}");
}
