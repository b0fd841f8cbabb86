using System.Text;
using Kpipe.IO;

namespace Kpipe.Broker.Storage;

/// <summary>Kafka's <c>meta.properties</c>: the cluster id, generated once per data directory and stable afterwards.</summary>
internal static class ClusterIdentity
{
    private const string FileName = "meta.properties";

    public static string LoadOrCreate(string dataDirectory, int nodeId)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var lines = File.ReadAllLines(path);
            CheckNodeId(path, lines, nodeId);
            foreach (var line in lines)
            {
                if (line.StartsWith("cluster.id=", StringComparison.Ordinal) && line.Length > "cluster.id=".Length)
                {
                    return line["cluster.id=".Length..].Trim();
                }
            }
        }

        // Kafka cluster ids are a random UUID in URL-safe base64 without padding (22 characters).
        var clusterId = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var content = $"#kpipe broker metadata\nversion=1\ncluster.id={clusterId}\nnode.id={nodeId}\n";
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(content));
        return clusterId;
    }

    // As Kafka does, a data directory belongs to the node that created it: another id would contradict what clients and
    // replica assignments were told.
    private static void CheckNodeId(string path, string[] lines, int nodeId)
    {
        var stored = lines.FirstOrDefault(l => l.StartsWith("node.id=", StringComparison.Ordinal))?["node.id=".Length..].Trim();
        if (stored is not null && stored != nodeId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new IOException($"the data directory belongs to node {stored} ({path}), not node {nodeId}: start with --node-id {stored}, or use another --data-dir");
        }
    }
}
