namespace Kpipe.Pipeline.Windows;

/// <summary>A half-open processing-time interval [<see cref="Start"/>, <see cref="End"/>) that one micro-batch covers.</summary>
public readonly record struct ProcessingWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Whether <paramref name="instant"/> falls inside the window.</summary>
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <summary>The partition directory name of the window, <c>window_start=2026-01-31T12-00-10Z</c>, sortable and safe on every file system.</summary>
    public string DirectoryName => WindowDirectory.NameOf(Start);
}
