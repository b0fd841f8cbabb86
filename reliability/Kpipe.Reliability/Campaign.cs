namespace Kpipe.Reliability;

/// <summary>The settings every scenario sees: the short (CI) or long form, and where the repository and CLI are.</summary>
public sealed class Campaign
{
    /// <summary>True for <c>make reliability LONG=1</c>: the full counts the published figures use.</summary>
    public required bool Long { get; init; }

    /// <summary>The repository root (the folder holding Kpipe.slnx).</summary>
    public required string Root { get; init; }

    /// <summary>The root <c>kpipe</c> script, which builds the CLI when its sources changed.</summary>
    public string KpipeScript => Path.Combine(Root, "kpipe");

    /// <summary>The count for this form of the campaign: <paramref name="shortForm"/> in CI, <paramref name="longForm"/> with LONG=1.</summary>
    public int Count(int shortForm, int longForm) => Long ? longForm : shortForm;

    /// <summary>The duration for this form of the campaign.</summary>
    public TimeSpan Duration(TimeSpan shortForm, TimeSpan longForm) => Long ? longForm : shortForm;

    /// <summary>The command that reproduces this form of the campaign for one scenario.</summary>
    public string Command(string scenario) => Long ? $"make reliability LONG=1 ONLY={scenario}" : $"make reliability ONLY={scenario}";
}
