using System.Diagnostics;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Testing.Fuzzing;

/// <summary>
/// Feeds mutated frames to the broker's request decoder in-process, exactly as a connection does (request header, then
/// the body through the API's Request.Read at the header's version), and records what escaped, how much each decode
/// allocated (GC.GetAllocatedBytesForCurrentThread around it) and how long it took.
/// </summary>
public static class DecoderFuzzer
{
    private const int Examples = 5;

    /// <summary>
    /// The most a decode of a <paramref name="frameLength"/>-byte frame may allocate: a fixed 64 KiB for the header, the
    /// request objects and the first capped array, plus 32 bytes per frame byte (strings take two bytes per UTF-8 byte;
    /// every array element read takes at least one byte of the frame).
    /// </summary>
    public static long AllocationBound(int frameLength) => 64 * 1024 + 32L * frameLength;

    /// <summary>Decodes frames <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 of <paramref name="mutator"/>'s run.</summary>
    public static DecoderFuzzResult Run(FrameMutator mutator, long count, long first = 0, CancellationToken cancellationToken = default)
    {
        long malformedHeaders = 0, unserved = 0, malformedBodies = 0, decoded = 0, exceptions = 0, overAllocations = 0;
        var exceptionExamples = new List<string>();
        var overAllocationExamples = new List<string>();
        (long Bytes, int FrameLength) largest = (0, 0);
        var slowest = 0L;
        var slowestFrame = "";
        var clock = Stopwatch.StartNew();
        for (var index = first; index < first + count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = mutator.Next(index);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            try
            {
                switch (Decode(frame.Bytes))
                {
                    case DecodeOutcome.MalformedHeader: malformedHeaders++; break;
                    case DecodeOutcome.Unserved: unserved++; break;
                    case DecodeOutcome.MalformedBody: malformedBodies++; break;
                    default: decoded++; break;
                }
            }
            catch (Exception e)
            {
                exceptions++;
                if (exceptionExamples.Count < Examples)
                {
                    exceptionExamples.Add($"{e.GetType().Name}: {e.Message} — {frame}");
                }
            }

            var took = Stopwatch.GetTimestamp() - started;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > largest.Bytes)
            {
                largest = (allocated, frame.Bytes.Length);
            }

            if (allocated > AllocationBound(frame.Bytes.Length))
            {
                overAllocations++;
                if (overAllocationExamples.Count < Examples)
                {
                    overAllocationExamples.Add($"{allocated:N0} bytes — {frame}");
                }
            }

            if (took > slowest)
            {
                slowest = took;
                slowestFrame = frame.ToString();
            }
        }

        return new DecoderFuzzResult
        {
            Frames = count,
            MalformedHeaders = malformedHeaders,
            Unserved = unserved,
            MalformedBodies = malformedBodies,
            Decoded = decoded,
            Exceptions = exceptions,
            ExceptionExamples = exceptionExamples,
            LargestAllocation = largest,
            OverAllocations = overAllocations,
            OverAllocationExamples = overAllocationExamples,
            Slowest = Stopwatch.GetElapsedTime(0, slowest),
            SlowestFrame = slowestFrame,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>How the broker's decoder ends a frame: the same steps and order as a connection's.</summary>
    public static DecodeOutcome Decode(byte[] frame)
    {
        var reader = new KafkaReader(frame);
        var header = RequestHeader.Read(ref reader);
        if (reader.Failed)
        {
            return DecodeOutcome.MalformedHeader;
        }

        if (!ApiRegistry.TryGet(header.ApiKey, out var range) || !range.Supports(header.ApiVersion))
        {
            return DecodeOutcome.Unserved;
        }

        return ApiRegistry.TryDecodeRequest(header.ApiKey, header.ApiVersion, frame.AsMemory(reader.Position), out _)
            ? DecodeOutcome.Decoded
            : DecodeOutcome.MalformedBody;
    }
}
