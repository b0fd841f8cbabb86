namespace Kpipe.Broker.Protocol;

/// <summary>A message decoder: reads one request body at a version (the static <c>Read</c> of each request type).</summary>
public delegate T MessageReader<out T>(ref KafkaReader reader, short version);
