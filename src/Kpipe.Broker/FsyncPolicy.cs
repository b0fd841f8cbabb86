namespace Kpipe.Broker;

/// <summary>The <c>--fsync</c> policy: never (OS decides), interval (periodic), always (before acks=-1 is answered).</summary>
public enum FsyncPolicy
{
    Never,
    Interval,
    Always,
}
