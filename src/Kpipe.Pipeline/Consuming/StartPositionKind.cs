namespace Kpipe.Pipeline.Consuming;

/// <summary>The kinds of <see cref="StartPosition"/>.</summary>
public enum StartPositionKind
{
    Beginning,
    End,
    Offset,
}
