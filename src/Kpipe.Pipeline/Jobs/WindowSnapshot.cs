namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// One committed window's metrics as a metrics job reports them to an <see cref="IJobObserver"/>: its records, unique
/// users, gender split, dead letters and its countries by records, most first (at most ten).
/// </summary>
public sealed record WindowSnapshot(
    long BatchId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long Records,
    long UniqueUsers,
    long Male,
    long Female,
    long OtherGender,
    long DeadLetters,
    IReadOnlyList<KeyValuePair<string, long>> TopCountries);
