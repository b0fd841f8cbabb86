namespace Kpipe.Pipeline.Enrichment;

/// <summary>A geolocation database the user named cannot be used (missing, unreadable or not a MaxMind DB file).</summary>
public sealed class GeoDatabaseException : Exception
{
    /// <summary>Creates the exception with a message that says what to do.</summary>
    public GeoDatabaseException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
