using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>A test-side decoder: reads one message body at a bare version number (the static <c>Read</c> of a request or response).</summary>
public delegate T MessageReader<out T>(ref KafkaReader reader, short version);
