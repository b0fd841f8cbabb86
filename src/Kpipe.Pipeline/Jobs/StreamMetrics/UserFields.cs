namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// The fields of a record that the metrics use: the user id (as text), gender, country and IP, null when absent; all
/// slices of the batch's <see cref="CharArena"/>.
/// </summary>
internal readonly record struct UserFields(ReadOnlyMemory<char> Id, ReadOnlyMemory<char>? Gender, ReadOnlyMemory<char>? Country, ReadOnlyMemory<char>? Ip);
