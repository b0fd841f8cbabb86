using Kpipe.Pipeline.Records;
using Kpipe.Testing.BadData;

namespace Kpipe.Pipeline.Tests.BadData;

/// <summary>The bad-data corpus as xunit theory data, generated once, and a reader that goes on past resumable damage.</summary>
internal static class CorpusKinds
{
    public const int GoodRecords = 40;

    private static readonly Lazy<IReadOnlyDictionary<string, BadDataFile>> Files =
        new(() => BadDataCorpus.All(GoodRecords).ToDictionary(f => f.Kind, StringComparer.Ordinal));

    public static TheoryData<string> Names => new(Files.Value.Keys);

    public static BadDataFile File(string kind) => Files.Value[kind];

    /// <summary>Every record the reader yields, the resumable errors it raised, and the error that ended the file, if any.</summary>
    public static async Task<(List<byte[]> Records, List<JsonRecordFormatException> Skipped, JsonRecordFormatException? Fatal)> ReadAsync(byte[] bytes)
    {
        var records = new List<byte[]>();
        var skipped = new List<JsonRecordFormatException>();
        using var reader = new JsonRecordReader(new MemoryStream(bytes));
        while (true)
        {
            try
            {
                if (!await reader.ReadAsync())
                {
                    return (records, skipped, null);
                }

                records.Add(reader.Current.ToArray());
            }
            catch (JsonRecordFormatException e) when (e.Resumable)
            {
                skipped.Add(e);
            }
            catch (JsonRecordFormatException e)
            {
                return (records, skipped, e);
            }
        }
    }
}
