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
            foreach (var line in File.ReadAllLines(path))
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
}
