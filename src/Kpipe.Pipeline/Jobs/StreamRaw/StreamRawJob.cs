using System.Text.Json;
using Kpipe.Pipeline.Jobs.Schema;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs.StreamRaw;

/// <summary>
/// <c>stream-raw</c> (<c>jobs.stream_spark_df</c>): per window, the raw records as a table whose schema is inferred as
/// Spark's JSON reader does and carried across batches (only ever widened), so consecutive parts share a schema
/// whenever the data allows. Values that are not JSON objects go to the dead letters.
/// </summary>
public sealed class StreamRawJob : IStatefulJob
{
    /// <summary>The table the raw records are written to.</summary>
    public const string Table = "raw";

    private InferredSchema _schema = new();

    /// <summary>Creates the job; it needs nothing from the context.</summary>
    public StreamRawJob(JobContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }

    /// <inheritdoc />
    public string Name => "stream-raw";

    /// <inheritdoc />
    public string Alias => "jobs.stream_spark_df";

    /// <inheritdoc />
    public string? SaveState() => _schema.Serialize();

    /// <inheritdoc />
    public void RestoreState(string? state) => _schema = InferredSchema.Deserialize(state);

    /// <inheritdoc />
    public async Task ProcessBatchAsync(JobBatch batch, IBatchSinks sinks, CancellationToken cancellationToken)
    {
        var documents = new List<JsonDocument>(batch.Records.Count);
        try
        {
            foreach (var record in batch.Records)
            {
                var document = RecordParser.ParseObject(record, sinks);
                if (document is not null)
                {
                    documents.Add(document);
                    _schema.Observe(document.RootElement);
                }
            }
            if (documents.Count == 0)
            {
                return;
            }
            var columns = _schema.Columns();
            var rows = new object?[documents.Count][];
            for (var i = 0; i < documents.Count; i++)
            {
                var row = new object?[columns.Count];
                for (var c = 0; c < columns.Count; c++)
                {
                    row[c] = documents[i].RootElement.TryGetProperty(columns[c].Name, out var value) ? InferredSchema.ValueOf(value, columns[c].Type) : null;
                }
                rows[i] = row;
            }
            await sinks.WriteTableAsync(Table, ColumnarTable.FromRows(new TableSchema(columns), rows), cancellationToken);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }
}
