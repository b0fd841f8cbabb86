namespace Kpipe.Pipeline.Consuming;

/// <summary>The topic or partition asked for does not exist on the broker.</summary>
public sealed class TopicNotFoundException(string message) : Exception(message);
