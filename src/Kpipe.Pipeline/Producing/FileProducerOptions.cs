namespace Kpipe.Pipeline.Producing;

/// <summary>What <see cref="FileProducer"/> sends and how fast.</summary>
public sealed record FileProducerOptions
{
    /// <summary>The topic records are sent to.</summary>
    public required string Topic { get; init; }

    /// <summary>Records per second; null sends as fast as the producer accepts them.</summary>
    public double? RatePerSecond { get; init; }

    /// <summary>Start the file again at its end until cancelled.</summary>
    public bool Loop { get; init; }

    /// <summary>How long to wait for outstanding deliveries at the end.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long to wait for outstanding deliveries once cancelled (Ctrl-C, or the caller found no broker): long enough
    /// for a live broker's acknowledgements already on their way, short enough that a stop takes well under a second.
    /// </summary>
    public TimeSpan CancelledFlushTimeout { get; init; } = TimeSpan.FromMilliseconds(300);
}
