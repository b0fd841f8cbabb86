namespace Kpipe.Broker;

/// <summary>The broker could not start (port taken, data directory in use); the message says what to do.</summary>
public sealed class BrokerStartException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public BrokerStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the user and the underlying cause.</summary>
    public BrokerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
