namespace Kpipe.Testing.Fuzzing;

/// <summary>How the broker's decoder ends one frame, as <see cref="DecoderFuzzer.Decode"/> reports it.</summary>
public enum DecodeOutcome
{
    /// <summary>The request header did not parse: the connection closes.</summary>
    MalformedHeader,

    /// <summary>The (api, version) is not served: the connection closes (ApiVersions gets UNSUPPORTED_VERSION).</summary>
    Unserved,

    /// <summary>The body did not decode: the connection closes.</summary>
    MalformedBody,

    /// <summary>A request the handler answers.</summary>
    Decoded,
}
