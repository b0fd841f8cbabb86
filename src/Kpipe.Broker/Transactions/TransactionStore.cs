using System.Text.Json;
using System.Text.Json.Serialization;
using Kpipe.IO;

namespace Kpipe.Broker.Transactions;

/// <summary>
/// The coordinator's durable state, as Kafka keeps it in <c>__transaction_state</c>: every transactional id's producer,
/// epoch and current transaction, in <c>&lt;data&gt;/__transaction_state/transactions.json</c>, rewritten atomically
/// (temp file, fsync, rename) on every change before the change is answered, so a SIGKILL leaves the old or the new state.
/// </summary>
internal sealed class TransactionStore
{
    private const string FileName = "transactions.json";
    private readonly string _path;

    private TransactionStore(string path) => _path = path;

    /// <summary>The directory under the data directory; hidden from clients, as Kafka's internal topics are.</summary>
    public const string DirectoryName = "__transaction_state";

    /// <summary>Opens the store under <paramref name="dataDirectory"/> and reads what it holds.</summary>
    /// <exception cref="IOException">The file exists but cannot be read as transaction state.</exception>
    public static TransactionStore Open(string dataDirectory, out List<TransactionMetadata> transactions)
    {
        var directory = Path.Combine(dataDirectory, DirectoryName);
        Directory.CreateDirectory(directory);
        var store = new TransactionStore(Path.Combine(directory, FileName));
        transactions = [];
        if (File.Exists(store._path))
        {
            try
            {
                transactions = JsonSerializer.Deserialize(File.ReadAllBytes(store._path), TransactionJsonContext.Default.ListTransactionMetadata)
                    ?? throw new JsonException("the file holds null");
            }
            catch (JsonException e)
            {
                throw new IOException($"{store._path} is not readable transaction state ({e.Message}); restore it from a backup, or delete it to abandon every open transaction", e);
            }
        }

        return store;
    }

    /// <summary>Writes every transactional id's state; throws <see cref="IOException"/> when the disk refuses.</summary>
    public void Save(IEnumerable<TransactionMetadata> transactions) =>
        AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes([.. transactions.OrderBy(t => t.TransactionalId, StringComparer.Ordinal)], TransactionJsonContext.Default.ListTransactionMetadata));
}

/// <summary>Source-generated JSON for <see cref="TransactionStore"/>.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<TransactionMetadata>))]
internal sealed partial class TransactionJsonContext : JsonSerializerContext;
