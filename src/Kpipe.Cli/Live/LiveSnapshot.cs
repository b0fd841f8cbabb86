using Kpipe.Pipeline.Jobs;

namespace Kpipe.Cli.Live;

/// <summary>
/// What the live view draws at one moment: the window being consumed, the last windows committed (oldest first), the
/// run's totals and the last log lines.
/// </summary>
internal sealed record LiveSnapshot(
    string Job,
    string Topic,
    ConsumingProgress? Current,
    IReadOnlyList<WindowSnapshot> Windows,
    long WindowCount,
    long Records,
    long DeadLetters,
    IReadOnlyList<string> Log);
