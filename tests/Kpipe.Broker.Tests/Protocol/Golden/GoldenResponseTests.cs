using System.Diagnostics;
using System.Text.Json;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol.Golden;

/// <summary>
/// kpipe's responses read back by kafka-python's own decoders (kafka.protocol, from Debian's python3-kafka): a client's
/// decoder is independent of kpipe's encoder, so a field-order mistake made on both sides of kpipe's codec shows here.
/// Covers every served version that kafka-python 2.0.2 knows, for the responses it decodes.
/// </summary>
[Trait("Category", "Clients")]
public sealed class GoldenResponseTests
{
    public static TheoryData<ApiKey, short> Cases()
    {
        var data = new TheoryData<ApiKey, short>();
        foreach (var (key, known) in KafkaPythonMaxVersion)
        {
            if (ApiRegistry.TryGet(key, out var range))
            {
                for (var version = range.MinVersion; version <= Math.Min(range.MaxVersion, known); version++)
                {
                    if (!KafkaPythonSchemaGaps.Contains((key, version)))
                    {
                        data.Add(key, version);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kafka_python_decodes_kpipes_response(ApiKey key, short version)
    {
        var body = GoldenCodec.EncodeSampleResponse(key, version);
        var decoded = Decoded.Value[(key, version)].RootElement;
        Assert.False(decoded.TryGetProperty("error", out var error), $"{key} v{version}: kafka-python could not decode {Convert.ToHexString(body)}: {error}");
        Assert.Equal(body.Length, decoded.GetProperty("consumed").GetInt32());
        foreach (var (path, expected) in ExpectedAtVersion.GetValueOrDefault((key, version)) ?? Expected[key])
        {
            Assert.True(expected == Find(decoded.GetProperty("value"), path), $"{key} v{version}: {path} in {decoded.GetProperty("value")}");
        }
    }

    // One interpreter decodes every case: starting Python once per case would cost tens of seconds.
    private static readonly Lazy<Dictionary<(ApiKey, short), JsonDocument>> Decoded = new(DecodeAll);

    // The newest version of each response kafka-python 2.0.2 has a decoder for.
    private static readonly Dictionary<ApiKey, short> KafkaPythonMaxVersion = new()
    {
        [ApiKey.Produce] = 8,
        [ApiKey.Fetch] = 11,
        [ApiKey.ListOffsets] = 5,
        [ApiKey.Metadata] = 5,
        [ApiKey.OffsetCommit] = 3,
        [ApiKey.OffsetFetch] = 3,
        [ApiKey.FindCoordinator] = 1,
        [ApiKey.JoinGroup] = 2,
        [ApiKey.Heartbeat] = 1,
        [ApiKey.LeaveGroup] = 1,
        [ApiKey.SyncGroup] = 1,
        [ApiKey.DescribeGroups] = 3,
        [ApiKey.ListGroups] = 2,
        [ApiKey.ApiVersions] = 2,
        [ApiKey.CreateTopics] = 3,
        [ApiKey.DeleteTopics] = 3,
        [ApiKey.DescribeConfigs] = 2,
        [ApiKey.CreatePartitions] = 1,
        [ApiKey.DeleteGroups] = 1,
    };

    // Versions whose kafka-python 2.0.2 schema lacks fields Kafka's own schema has, so its decoder stops short of (or
    // misreads) a correct body: Produce v8 lacks RecordErrors and ErrorMessage, FindCoordinator v1 lacks the leading
    // ThrottleTimeMs, DescribeGroups v3 lacks AuthorizedOperations. kpipe writes those fields, as Kafka does.
    private static readonly HashSet<(ApiKey, short)> KafkaPythonSchemaGaps =
        [(ApiKey.Produce, 8), (ApiKey.FindCoordinator, 1), (ApiKey.DescribeGroups, 3)];

    // Versions whose fields differ from the API's later versions: ListOffsets v0 answers an offsets array.
    private static readonly Dictionary<(ApiKey, short), (string Path, string Value)[]> ExpectedAtVersion = new()
    {
        [(ApiKey.ListOffsets, 0)] = [("topics/0/topic", "t"), ("topics/0/partitions/0/offsets/0", "7")],
    };

    // Fields of GoldenCodec.EncodeSampleResponse's values, by kafka-python's field names ("a/0/b": field b of a's first item).
    private static readonly Dictionary<ApiKey, (string Path, string Value)[]> Expected = new()
    {
        [ApiKey.Produce] = [("topics/0/topic", "t"), ("topics/0/partitions/0/partition", "0"), ("topics/0/partitions/0/offset", "42")],
        [ApiKey.Fetch] = [("topics/0/topics", "t"), ("topics/0/partitions/0/highwater_offset", "5"), ("topics/0/partitions/0/message_set", "")],
        [ApiKey.ListOffsets] = [("topics/0/topic", "t"), ("topics/0/partitions/0/offset", "7")],
        [ApiKey.Metadata] = [("brokers/0/host", "h"), ("brokers/0/port", "9092"), ("topics/0/topic", "t"), ("topics/0/partitions/0/leader", "1")],
        [ApiKey.OffsetCommit] = [("topics/0/topic", "t"), ("topics/0/partitions/0/error_code", "0")],
        [ApiKey.OffsetFetch] = [("topics/0/topic", "t"), ("topics/0/partitions/0/offset", "3"), ("topics/0/partitions/0/metadata", "meta")],
        [ApiKey.FindCoordinator] = [("coordinator_id", "1"), ("host", "h"), ("port", "9092")],
        [ApiKey.JoinGroup] = [("generation_id", "2"), ("group_protocol", "range"), ("leader_id", "m"), ("member_id", "m"), ("members/0/member_metadata", "0102")],
        [ApiKey.Heartbeat] = [("error_code", "27")],
        [ApiKey.LeaveGroup] = [("error_code", "0")],
        [ApiKey.SyncGroup] = [("error_code", "0"), ("member_assignment", "0304")],
        [ApiKey.DescribeGroups] = [("groups/0/group", "g"), ("groups/0/state", "Stable"), ("groups/0/members/0/client_host", "/127.0.0.1"), ("groups/0/members/0/member_assignment", "02")],
        [ApiKey.ListGroups] = [("groups/0/group", "g"), ("groups/0/protocol_type", "consumer")],
        [ApiKey.ApiVersions] = [("api_versions/0/api_key", "0"), ("api_versions/0/min_version", "3"), ("api_versions/0/max_version", "9")],
        [ApiKey.CreateTopics] = [("topic_errors/0/topic", "t"), ("topic_errors/0/error_code", "36")],
        [ApiKey.DeleteTopics] = [("topic_error_codes/0/topic", "t"), ("topic_error_codes/0/error_code", "0")],
        [ApiKey.DescribeConfigs] = [("resources/0/resource_name", "t"), ("resources/0/config_entries/0/config_names", "retention.ms"), ("resources/0/config_entries/0/config_value", "1000"),
            ("resources/0/config_entries/0/config_synonyms/1/config_name", "log.retention.hours"), ("resources/0/config_entries/0/config_synonyms/1/config_source", "5")],
        [ApiKey.CreatePartitions] = [("topic_errors/0/topic", "t"), ("topic_errors/0/error_code", "0")],
        [ApiKey.DeleteGroups] = [("results/0/group_id", "g"), ("results/0/error_code", "0")],
    };

    private static string? Find(JsonElement element, string path)
    {
        foreach (var step in path.Split('/'))
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                var index = int.Parse(step, System.Globalization.CultureInfo.InvariantCulture);
                if (index >= element.GetArrayLength())
                {
                    return null;
                }

                element = element[index];
            }
            else if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
    }

    private static Dictionary<(ApiKey, short), JsonDocument> DecodeAll()
    {
        var script = Path.Combine(Path.GetDirectoryName(GoldenFixture.Root)!, "decode_response.py");
        // Debian's interpreter, which python3-kafka is installed for (a pyenv python3 first on PATH would lack it).
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var row in Cases())
        {
            var (key, version) = ((ApiKey)row[0], (short)row[1]);
            process.StandardInput.WriteLine(FormattableString.Invariant($"{(short)key} {version} {Convert.ToHexString(GoldenCodec.EncodeSampleResponse(key, version))}"));
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kafka-python decoder failed: {stderr.Result}");
        }

        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line))
            .ToDictionary(doc => ((ApiKey)doc.RootElement.GetProperty("key").GetInt16(), doc.RootElement.GetProperty("version").GetInt16()));
    }
}
