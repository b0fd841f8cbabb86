namespace Kpipe.Pipeline.Records;

/// <summary>One generated Mockaroo-style user record, as written to <c>mock_data.json</c>.</summary>
public sealed record MockUser(
    int Id,
    string FirstName,
    string LastName,
    string Email,
    string Gender,
    string IpAddress,
    string Country,
    DateTimeOffset Timestamp);
