namespace Kpipe.Pipeline.Runtime;

/// <summary>The steps of a batch at which a test can make the runtime crash, to prove a restart yields the same output.</summary>
public enum FaultPoint
{
    /// <summary>The plan is in <c>offsets/</c>; nothing is written yet.</summary>
    AfterPlan,

    /// <summary>Some of the batch's part files are in place, others are not.</summary>
    MidOutput,

    /// <summary>All part files are in place; the commit log entry is not written.</summary>
    AfterOutput,

    /// <summary>The commit log entry is written; the offsets are not committed to the group.</summary>
    AfterCommitLog,
}
