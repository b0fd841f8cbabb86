using System.Diagnostics;
using DuckDB.NET.Data;

namespace Kpipe.Bench;

/// <summary>
/// The batch peer of stream-metrics: DuckDB (in process, through DuckDB.NET) reads the records from a JSON lines file,
/// writes them as Parquet and computes the same aggregates the job's tables hold (country counts, distinct users,
/// gender counts), on as many threads as the job has cores.
/// </summary>
public static class DuckDbBatch
{
    /// <summary>Runs the work once over <paramref name="jsonLines"/> and returns records per second, from the read to the last query's rows.</summary>
    public static double Run(string jsonLines, string scratch, long expectedRecords, int threads)
    {
        var parquet = Path.Combine(scratch, $"duckdb-{Guid.NewGuid():N}.parquet");
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        Execute(duck, $"SET threads = {threads}");
        try
        {
            var clock = Stopwatch.StartNew();
            Execute(duck, $"CREATE TEMP TABLE users AS SELECT * FROM read_json({Quote(jsonLines)}, format = 'newline_delimited')");
            Execute(duck, $"COPY users TO {Quote(parquet)} (FORMAT parquet)");
            var countries = Rows(duck, "SELECT country, count(*) FROM users GROUP BY country");
            var distinct = Rows(duck, "SELECT count(DISTINCT id) FROM users");
            var genders = Rows(duck, "SELECT gender, count(*) FROM users GROUP BY gender");
            var elapsed = clock.Elapsed;
            var read = Convert.ToInt64(Scalar(duck, "SELECT count(*) FROM users"), System.Globalization.CultureInfo.InvariantCulture);
            if (read != expectedRecords || countries == 0 || distinct != 1 || genders == 0)
            {
                throw new InvalidOperationException($"DuckDB read {read:N0} records of {expectedRecords:N0}, {countries} countries, {genders} genders");
            }
            return read / elapsed.TotalSeconds;
        }
        finally
        {
            File.Delete(parquet);
        }
    }

    private static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void Execute(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    // Reads every row, as a job's table would be written whole, and returns how many there were.
    private static int Rows(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
            rows++;
        }
        return rows;
    }
}
