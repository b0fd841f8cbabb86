using System.Reflection;
using Xunit;

namespace Kpipe.Testing;

/// <summary>
/// The categories <c>make test-unit</c>, <c>test-integration</c>, <c>test-clients</c> and <c>test-slow</c> select by,
/// and the check that every test class carries exactly one of them as <c>[Trait("Category", …)]</c>.
/// </summary>
public static class TestCategories
{
    /// <summary>No sockets, no processes; the class runs in seconds.</summary>
    public const string Unit = "Unit";

    /// <summary>An in-process broker or other sockets.</summary>
    public const string Integration = "Integration";

    /// <summary>External client programs: kcat, kafka-python, KafkaJS installed with npm.</summary>
    public const string Clients = "Clients";

    /// <summary>Processes, make targets or long runs.</summary>
    public const string Slow = "Slow";

    private static readonly string[] All = [Unit, Integration, Clients, Slow];

    /// <summary>One line per test class of <paramref name="assembly"/> that does not carry exactly one of the four categories.</summary>
    public static IReadOnlyList<string> Misfiled(Assembly assembly) =>
        [.. assembly.GetTypes().Where(IsTestClass).Select(Problem).OfType<string>().Order(StringComparer.Ordinal)];

    private static bool IsTestClass(Type type) =>
        type is { IsClass: true, IsAbstract: false } &&
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any());

    private static string? Problem(Type type)
    {
        var onClass = ClassCategories(type).ToList();
        var onMethods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => Categories(m.GetCustomAttributesData()).Any()).Select(m => m.Name).ToList();
        if (onClass.Count == 1 && onMethods.Count == 0)
        {
            return null;
        }

        var carried = onClass.Count == 0 ? "none" : string.Join(", ", onClass);
        var methods = onMethods.Count == 0 ? "" : $"; methods with their own: {string.Join(", ", onMethods)}";
        return $"{type.FullName}: carries {carried}{methods}";
    }

    // Only the attributes declared on the class itself: a trait on an abstract base is not counted, so the category
    // sits on the class that xunit runs and filters by.
    private static IEnumerable<string> ClassCategories(Type type) => Categories(type.GetCustomAttributesData());

    private static IEnumerable<string> Categories(IEnumerable<CustomAttributeData> attributes) =>
        attributes
            .Where(a => a.AttributeType == typeof(TraitAttribute) && a.ConstructorArguments.Count == 2)
            .Where(a => (string?)a.ConstructorArguments[0].Value == "Category")
            .Select(a => (string)a.ConstructorArguments[1].Value!)
            .Where(All.Contains);
}
