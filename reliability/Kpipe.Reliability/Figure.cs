namespace Kpipe.Reliability;

/// <summary>One measured figure; <see cref="Passed"/> is false when it breaks the guarantee the scenario checks.</summary>
/// <param name="Name">What was measured, e.g. "acknowledged records lost".</param>
/// <param name="Value">The measured value with its unit, e.g. "0 of 412,330".</param>
/// <param name="Passed">Whether the figure meets the scenario's guarantee; informational figures pass.</param>
public sealed record Figure(string Name, string Value, bool Passed = true);
