namespace Kpipe.Broker.Protocol;

/// <summary>
/// A topic name with one entry per partition: the "topics → partitions" nesting that Produce, Fetch,
/// ListOffsets, DeleteRecords and the offset APIs share; read and written by <see cref="KafkaReader.ReadTopics{TPartition}"/>
/// and <see cref="KafkaWriter.WriteTopics{TPartition}"/>.
/// </summary>
public sealed record TopicData<TPartition>(string Name, IReadOnlyList<TPartition> Partitions);
