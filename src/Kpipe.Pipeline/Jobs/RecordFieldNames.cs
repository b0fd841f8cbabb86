namespace Kpipe.Pipeline.Jobs;

/// <summary>Which JSON fields of a record hold the user id, gender, country and IP address; defaults are the mock data's names.</summary>
public sealed record RecordFieldNames
{
    /// <summary>The user id field (required in every record); <c>id</c> by default.</summary>
    public string Id { get; init; } = "id";

    /// <summary>The gender field; <c>gender</c> by default.</summary>
    public string Gender { get; init; } = "gender";

    /// <summary>The country field; when a record lacks it, the geolocated country counts instead. <c>country</c> by default.</summary>
    public string Country { get; init; } = "country";

    /// <summary>The IP address field that enrichment looks up; <c>ip_address</c> by default.</summary>
    public string Ip { get; init; } = "ip_address";
}
