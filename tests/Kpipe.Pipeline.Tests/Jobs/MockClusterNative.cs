using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>
/// librdkafka's mock-cluster controls that Confluent.Kafka does not expose: creating a topic with a given partition count
/// (the mock answers CreateTopics never) and dropping the 3 s initial rebalance delay that would slow every group join.
/// </summary>
internal static class MockClusterNative
{
    private static readonly Lazy<string> LoadedLibrary = new(FindLoadedLibrary);

    static MockClusterNative() =>
        NativeLibrary.SetDllImportResolver(typeof(MockClusterNative).Assembly, (name, _, _) =>
            name == "librdkafka" ? NativeLibrary.Load(LoadedLibrary.Value) : IntPtr.Zero);

    /// <summary>The mock cluster behind a client created with <c>test.mock.num.brokers</c>.</summary>
    public static IntPtr ClusterOf(Handle handle)
    {
        // Confluent keeps the rd_kafka_t handle internal; the mock API needs it.
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("Confluent.Kafka no longer has Handle.LibrdkafkaHandle; update KafkaTestCluster");
        var safe = (SafeHandle)property.GetValue(handle)!;
        var cluster = rd_kafka_handle_mock_cluster(safe.DangerousGetHandle());
        return cluster != IntPtr.Zero ? cluster : throw new InvalidOperationException("the client has no mock cluster");
    }

    /// <summary>Sets the group coordinator's initial rebalance delay.</summary>
    public static void SetInitialRebalanceDelay(IntPtr cluster, int milliseconds) =>
        Check(rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, milliseconds), "set the initial rebalance delay");

    /// <summary>Creates a topic with exactly <paramref name="partitions"/> partitions.</summary>
    public static void CreateTopic(IntPtr cluster, string topic, int partitions) =>
        Check(rd_kafka_mock_topic_create(cluster, topic, partitions, 1), $"create topic {topic}");

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"mock cluster could not {what}: librdkafka error {error}");
        }
    }

    // The DllImport must bind to the very librdkafka build Confluent loaded (it picks one of several per platform).
    private static string FindLoadedLibrary() =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .FirstOrDefault()
        ?? throw new InvalidOperationException("librdkafka is not loaded in this process (the mock cluster controls need Linux)");

    [DllImport("librdkafka")]
    private static extern IntPtr rd_kafka_handle_mock_cluster(IntPtr rk);

    [DllImport("librdkafka")]
    private static extern int rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

    [DllImport("librdkafka")]
    private static extern int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitionCount, int replicationFactor);
}
