using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Metrics;

/// <summary>The stream-metrics tables (names, schemas, rows) built from a <see cref="WindowMetrics"/>; unknown keys are written as null.</summary>
public static class MetricsTables
{
    /// <summary>The per-window summary table.</summary>
    public const string WindowSummary = "window_summary";

    /// <summary>Records per country.</summary>
    public const string CountryCounts = "country_counts";

    /// <summary>Records per gender value.</summary>
    public const string GenderCounts = "gender_counts";

    /// <summary>The distinct user ids, in the order first seen, which is what lets <c>kpipe report</c> merge unique users exactly.</summary>
    public const string Users = "users";

    /// <summary>Schema of <see cref="WindowSummary"/>.</summary>
    public static readonly TableSchema WindowSummarySchema = TableSchema.Of(
        ("window_start", ColumnType.Timestamp), ("window_end", ColumnType.Timestamp), ("records", ColumnType.Long),
        ("unique_users", ColumnType.Long), ("male", ColumnType.Long), ("female", ColumnType.Long),
        ("other_gender", ColumnType.Long), ("dead_letters", ColumnType.Long));

    /// <summary>Schema of <see cref="CountryCounts"/>.</summary>
    public static readonly TableSchema CountryCountsSchema = TableSchema.Of(
        ("window_start", ColumnType.Timestamp), ("window_end", ColumnType.Timestamp), ("country", ColumnType.String), ("count", ColumnType.Long));

    /// <summary>Schema of <see cref="GenderCounts"/>.</summary>
    public static readonly TableSchema GenderCountsSchema = TableSchema.Of(
        ("window_start", ColumnType.Timestamp), ("window_end", ColumnType.Timestamp), ("gender", ColumnType.String), ("count", ColumnType.Long));

    /// <summary>Schema of <see cref="Users"/>.</summary>
    public static readonly TableSchema UsersSchema = TableSchema.Of(
        ("window_start", ColumnType.Timestamp), ("window_end", ColumnType.Timestamp), ("id", ColumnType.String));

    /// <summary>The one-row <see cref="WindowSummary"/> table.</summary>
    public static ColumnarTable Summary(WindowMetrics m) => ColumnarTable.FromRows(WindowSummarySchema,
        [[m.WindowStart, m.WindowEnd, m.Records, (long)m.UniqueUsers, m.Male, m.Female, m.OtherGender, m.DeadLetters]]);

    /// <summary>The <see cref="CountryCounts"/> table, by country.</summary>
    public static ColumnarTable CountryTable(WindowMetrics m) => KeyedTable(CountryCountsSchema, m, m.Countries);

    /// <summary>The <see cref="GenderCounts"/> table, by gender.</summary>
    public static ColumnarTable GenderTable(WindowMetrics m) => KeyedTable(GenderCountsSchema, m, m.Genders);

    /// <summary>The <see cref="Users"/> table, ids in the order the window first saw them (the same input, the same file).</summary>
    public static ColumnarTable UserTable(WindowMetrics m) => UserTable(m, new ReusedArrays());

    /// <summary>
    /// The <see cref="Users"/> table in arrays of <paramref name="arrays"/>, which a job keeps from batch to batch: good
    /// until their next use.
    /// </summary>
    internal static ColumnarTable UserTable(WindowMetrics m, ReusedArrays arrays)
    {
        var ids = m.Users;
        var rows = ids.Count;
        var column = arrays.Get<ReadOnlyMemory<byte>?>(0, rows);
        for (var i = 0; i < rows; i++)
        {
            column[i] = ids[i];
        }
        return new ColumnarTable(UsersSchema,
        [
            Repeated(arrays.Get<DateTimeOffset?>(1, rows), m.WindowStart, rows),
            Repeated(arrays.Get<DateTimeOffset?>(2, rows), m.WindowEnd, rows),
            new ColumnValues<ReadOnlyMemory<byte>>(column.AsMemory(0, rows)),
        ]);
    }

    private static ColumnValues<DateTimeOffset> Repeated(DateTimeOffset?[] values, DateTimeOffset instant, int rows)
    {
        Array.Fill(values, instant, 0, rows);
        return new ColumnValues<DateTimeOffset>(values.AsMemory(0, rows));
    }

    private static ColumnarTable KeyedTable(TableSchema schema, WindowMetrics m, IReadOnlyDictionary<string, long> counts) =>
        ColumnarTable.FromRows(schema, counts.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new object?[] { m.WindowStart, m.WindowEnd, c.Key.Length == 0 ? null : c.Key, c.Value })
            .ToArray());
}
