namespace Kpipe.Broker.Metadata;

/// <summary>Kafka's topic-name rules (<c>Topic.java</c>): legal characters, length, and the '.'/'_' collision.</summary>
public static class TopicNames
{
    /// <summary>Longest legal topic name.</summary>
    public const int MaxLength = 249;

    /// <summary>Returns why <paramref name="name"/> is not a legal topic name, or null when it is.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "topic name is empty";
        }

        if (name is "." or "..")
        {
            return $"topic name cannot be '{name}'";
        }

        if (name.Length > MaxLength)
        {
            return $"topic name is {name.Length} characters long; the limit is {MaxLength}";
        }

        foreach (var c in name)
        {
            if (!IsLegal(c))
            {
                return $"topic name '{name}' is illegal: it may contain only ASCII letters, digits, '.', '_' and '-'";
            }
        }

        return null;
    }

    /// <summary>The name metrics would use: Kafka treats topics as colliding when they match after '.' becomes '_'.</summary>
    public static string CollisionKey(string name) => name.Replace('.', '_');

    private static bool IsLegal(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-';
}
