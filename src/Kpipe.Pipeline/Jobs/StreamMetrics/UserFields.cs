using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// The fields of a record that the metrics use, in UTF-8: the user id (as text), gender, country and IP, null when
/// absent, all slices of the record's bytes or the batch's <see cref="Utf8Arena"/>; and the IP as parsed once by the
/// scan (meaningful only when <see cref="Ip"/> is not null).
/// </summary>
internal readonly record struct UserFields(ReadOnlyMemory<byte> Id, ReadOnlyMemory<byte>? Gender, ReadOnlyMemory<byte>? Country, ReadOnlyMemory<byte>? Ip, IpAddressKey Address);
