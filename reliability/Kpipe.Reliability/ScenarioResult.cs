namespace Kpipe.Reliability;

/// <summary>What a scenario measured: its figures and a short paragraph on how they were obtained.</summary>
/// <param name="Figures">The figures, in the order they are printed.</param>
/// <param name="Method">Markdown describing the setup (counts, fault kind, which filesystem), shown under the table.</param>
public sealed record ScenarioResult(IReadOnlyList<Figure> Figures, string Method)
{
    /// <summary>True when every figure meets its guarantee.</summary>
    public bool Passed => Figures.All(f => f.Passed);
}
