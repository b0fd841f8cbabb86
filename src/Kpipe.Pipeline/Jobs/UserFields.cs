namespace Kpipe.Pipeline.Jobs;

/// <summary>The fields of a record that the metrics use: the user id (as text), gender, country and IP, null when absent.</summary>
public readonly record struct UserFields(string Id, string? Gender, string? Country, string? Ip);
