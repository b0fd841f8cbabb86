using System.Globalization;
using Kpipe.Pipeline.Sinks;
using ParquetSharp;

namespace Kpipe.Pipeline.Tests.Sinks;

[Trait("Category", TestCategories.Unit)]
public sealed class ParquetDictionaryChooserTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Genders = ["Male", "Female", "Agender"];

    private readonly string _directory = Directory.CreateTempSubdirectory("kpipe-dictionary-").FullName;

    [Fact]
    public void Mostly_distinct_columns_of_every_type_lose_their_dictionary_and_repetitive_ones_keep_it()
    {
        var table = UsersLike(6_000);

        Assert.Equal(["id", "email", "score", "seen"], ParquetDictionaryChooser.WithoutDictionary(table).Select(c => c.Name));
    }

    [Fact]
    public void Only_the_first_sample_rows_decide()
    {
        var rows = ParquetDictionaryChooser.SampleRows * 3;
        var schema = TableSchema.Of(("repeats_first", ColumnType.Long), ("distinct_first", ColumnType.Long));
        var table = ColumnarTable.FromRows(schema, [.. Enumerable.Range(0, rows).Select(i => new object?[]
        {
            i < ParquetDictionaryChooser.SampleRows ? 7L : (long)i,
            i < ParquetDictionaryChooser.SampleRows ? (long)i : 7L,
        })]);

        Assert.Equal(["distinct_first"], ParquetDictionaryChooser.WithoutDictionary(table).Select(c => c.Name));
    }

    [Theory]
    [InlineData(100, 0, 50, false)]
    [InlineData(100, 0, 51, true)]
    [InlineData(100, 60, 20, false)]
    [InlineData(100, 60, 21, true)]
    [InlineData(10, 10, 0, false)]
    public void More_than_half_of_the_present_values_distinct_is_mostly_distinct(int rows, int nulls, int distinct, bool expected)
    {
        // The nulls come first and the distinct values cycle over what is left, so every one of them is present.
        var values = new long?[rows];
        for (var i = nulls; i < rows; i++)
        {
            values[i] = (i - nulls) % Math.Max(distinct, 1);
        }

        Assert.Equal(expected, ParquetDictionaryChooser.IsMostlyDistinct(new ColumnValues<long>(values)));
    }

    [Fact]
    public void Text_is_compared_by_its_characters_not_by_the_buffer_it_is_a_slice_of()
    {
        // Every value is a slice of its own array, holding one of three texts.
        var values = new ReadOnlyMemory<char>?[1_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ("  " + Genders[i % Genders.Length] + "  ").ToCharArray().AsMemory(2, Genders[i % Genders.Length].Length);
        }

        Assert.False(ParquetDictionaryChooser.IsMostlyDistinct(new ColumnValues<ReadOnlyMemory<char>>(values)));
    }

    [Fact]
    public void Booleans_are_never_chosen()
    {
        Assert.False(ParquetDictionaryChooser.IsMostlyDistinct(new ColumnValues<bool>(new bool?[] { true, false })));
    }

    [Fact]
    public async Task The_written_file_has_a_dictionary_only_for_the_repetitive_columns_deltas_for_distinct_numbers_and_reads_back_unchanged()
    {
        var table = UsersLike(6_000);
        var path = Path.Combine(_directory, "users.parquet");

        await new ParquetSharpTableWriter().WriteAsync(path, table, CancellationToken.None);

        using (var file = new ParquetFileReader(path))
        using (var group = file.RowGroup(0))
        {
            var dictionaries = Enumerable.Range(0, group.MetaData.NumColumns)
                .Where(i => group.MetaData.GetColumnChunkMetaData(i).Encodings.Contains(Encoding.RleDictionary))
                .Select(i => table.Schema.Columns[i].Name);
            // Booleans are written without a dictionary whatever the writer is told.
            Assert.Equal(["gender", "country", "window_start", "partition"], dictionaries);
            var deltas = Enumerable.Range(0, group.MetaData.NumColumns)
                .Where(i => group.MetaData.GetColumnChunkMetaData(i).Encodings.Contains(Encoding.DeltaBinaryPacked))
                .Select(i => table.Schema.Columns[i].Name);
            Assert.Equal(["id"], deltas);
        }
        var rows = await TableFileReader.ReadAsync(path, CancellationToken.None);
        Assert.Equal(6_000, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal<IReadOnlyDictionary<string, object?>>(ExpectedRow(i), rows[i]);
        }
    }

    [Fact]
    public async Task The_same_table_written_twice_gives_the_same_bytes()
    {
        var table = UsersLike(6_000);
        var first = Path.Combine(_directory, "first.parquet");
        var second = Path.Combine(_directory, "second.parquet");

        await new ParquetSharpTableWriter().WriteAsync(first, table, CancellationToken.None);
        await new ParquetSharpTableWriter().WriteAsync(second, table, CancellationToken.None);

        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
    }

    [Fact]
    public async Task A_dictionary_for_every_column_gives_a_file_with_the_same_rows()
    {
        var table = UsersLike(6_000);
        var chosen = Path.Combine(_directory, "chosen.parquet");
        var every = Path.Combine(_directory, "every.parquet");

        await new ParquetSharpTableWriter().WriteAsync(chosen, table, CancellationToken.None);
        await new ParquetSharpTableWriter(Compression.Snappy, chooseDictionaries: false).WriteAsync(every, table, CancellationToken.None);

        Assert.NotEqual(await File.ReadAllBytesAsync(chosen), await File.ReadAllBytesAsync(every));
        Assert.Equal(await TableFileReader.ReadAsync(every, CancellationToken.None), await TableFileReader.ReadAsync(chosen, CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Like the records table: distinct ids, e-mails, scores and instants; few genders and countries (some null), one
    // window, three partitions one after the other, and a flag.
    private static ColumnarTable UsersLike(int rows)
    {
        var schema = TableSchema.Of(
            ("id", ColumnType.Long), ("email", ColumnType.String), ("gender", ColumnType.String), ("country", ColumnType.String),
            ("score", ColumnType.Double), ("seen", ColumnType.Timestamp), ("active", ColumnType.Boolean),
            ("window_start", ColumnType.Timestamp), ("partition", ColumnType.Long));
        return ColumnarTable.FromRows(schema, [.. Enumerable.Range(0, rows).Select(Values)]);
    }

    private static object?[] Values(int i) =>
    [
        (long)i + 1,
        string.Create(CultureInfo.InvariantCulture, $"user{i}@example.com"),
        Genders[i % Genders.Length],
        i % 10 == 3 ? null : string.Create(CultureInfo.InvariantCulture, $"Country {i % 40}"),
        i * 0.5,
        Noon.AddSeconds(-i),
        i % 2 == 0,
        Noon,
        (long)(i / 2_000),
    ];

    private static Dictionary<string, object?> ExpectedRow(int i)
    {
        var values = Values(i);
        var names = new[] { "id", "email", "gender", "country", "score", "seen", "active", "window_start", "partition" };
        return names.Select((name, c) => (name, values[c])).ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal);
    }
}
