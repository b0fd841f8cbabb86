namespace Kpipe.Cli;

/// <summary>A failure the user caused or can fix; shown as one line, never with a stack trace.</summary>
internal sealed class UserException(string message) : Exception(message);
