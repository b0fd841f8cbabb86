namespace Kpipe.Broker.Protocol;

/// <summary>
/// The version a message body is read or written at, carrying whether that version is flexible (compact
/// forms, tagged fields) as the API's registered range says, so no codec works that out for itself.
/// </summary>
public readonly record struct MessageVersion(short Value, bool Flexible)
{
    /// <summary>The bare version number, for "field added in vN" checks.</summary>
    public static implicit operator short(MessageVersion version) => version.Value;
}
