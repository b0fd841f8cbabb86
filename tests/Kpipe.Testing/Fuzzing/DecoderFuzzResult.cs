namespace Kpipe.Testing.Fuzzing;

/// <summary>What a run of <see cref="DecoderFuzzer"/> saw: how each frame ended, what escaped, the most it allocated and the slowest.</summary>
public sealed record DecoderFuzzResult
{
    /// <summary>Frames decoded.</summary>
    public required long Frames { get; init; }

    /// <summary>Frames whose request header did not parse (the connection closes).</summary>
    public required long MalformedHeaders { get; init; }

    /// <summary>Frames naming an (api, version) not served (closed, or ApiVersions' UNSUPPORTED_VERSION answer).</summary>
    public required long Unserved { get; init; }

    /// <summary>Frames whose body did not decode (the connection closes).</summary>
    public required long MalformedBodies { get; init; }

    /// <summary>Frames that decoded into a request (the handler answers).</summary>
    public required long Decoded { get; init; }

    /// <summary>Exceptions that escaped the decoder; must be 0.</summary>
    public required long Exceptions { get; init; }

    /// <summary>The first few frames that threw, with the exception, to rebuild as regression tests.</summary>
    public required IReadOnlyList<string> ExceptionExamples { get; init; }

    /// <summary>The most bytes one decode allocated, and the frame's length.</summary>
    public required (long Bytes, int FrameLength) LargestAllocation { get; init; }

    /// <summary>Frames that allocated more than <see cref="DecoderFuzzer.AllocationBound"/> of their length; must be 0.</summary>
    public required long OverAllocations { get; init; }

    /// <summary>The first few frames that allocated past the bound.</summary>
    public required IReadOnlyList<string> OverAllocationExamples { get; init; }

    /// <summary>The slowest single decode.</summary>
    public required TimeSpan Slowest { get; init; }

    /// <summary>The slowest frame, described.</summary>
    public required string SlowestFrame { get; init; }

    /// <summary>Wall time of the whole run.</summary>
    public required TimeSpan Elapsed { get; init; }
}
