namespace Kpipe.Broker.Configs;

/// <summary>What a resource's configs accept: known names, valid values, which are lists, and their defaults.</summary>
/// <param name="CheckName">Null when the name may be changed, else the reason it may not.</param>
/// <param name="CheckValue">Null when the value is valid, else what is expected.</param>
/// <param name="IsList">Whether APPEND and SUBTRACT apply.</param>
/// <param name="DefaultOf">The value in effect when none is set.</param>
internal sealed record ConfigRules(Func<string, string?> CheckName, Func<string, string?, string?> CheckValue, Func<string, bool> IsList, Func<string, string> DefaultOf);
