using System.Runtime.InteropServices;
using System.Text;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Metrics;

/// <summary>
/// One window's metrics, mergeable exactly: counts add, and the distinct user ids are kept (not just their number), so
/// the parts written by several instances — or several batches of one window — merge into the same numbers one
/// instance would have computed.
/// </summary>
public sealed class WindowMetrics
{
    private readonly Dictionary<string, long> _countries = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<string, long> _genders = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<byte>> _countriesByText;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<byte>> _gendersByText;

    // UTF-8 slices, not strings: a job adds ids that point into its batch's records and allocates nothing per record.
    // The list keeps them in the order first seen, so the same input writes the same users table with no sort.
    private readonly HashSet<ReadOnlyMemory<byte>> _users;
    private readonly List<ReadOnlyMemory<byte>> _usersInOrder;

    /// <summary>
    /// Creates empty metrics for the window [<paramref name="windowStart"/>, <paramref name="windowEnd"/>), with room for
    /// <paramref name="expectedUsers"/> distinct ids before the id set has to grow.
    /// </summary>
    public WindowMetrics(DateTimeOffset windowStart, DateTimeOffset windowEnd, int expectedUsers = 0)
    {
        WindowStart = windowStart;
        WindowEnd = windowEnd;
        _users = new HashSet<ReadOnlyMemory<byte>>(expectedUsers, Utf8TextComparer.Instance);
        _usersInOrder = new List<ReadOnlyMemory<byte>>(expectedUsers);
        _countriesByText = _countries.GetAlternateLookup<ReadOnlySpan<byte>>();
        _gendersByText = _genders.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Start of the window.</summary>
    public DateTimeOffset WindowStart { get; private set; }

    /// <summary>End of the window (exclusive).</summary>
    public DateTimeOffset WindowEnd { get; private set; }

    /// <summary>Good records counted.</summary>
    public long Records { get; private set; }

    /// <summary>Records whose gender is "male" (any case).</summary>
    public long Male { get; private set; }

    /// <summary>Records whose gender is "female" (any case).</summary>
    public long Female { get; private set; }

    /// <summary>Records with any other gender, or none.</summary>
    public long OtherGender { get; private set; }

    /// <summary>Bad records routed to the dead letters.</summary>
    public long DeadLetters { get; private set; }

    /// <summary>The number of distinct user ids.</summary>
    public int UniqueUsers => _users.Count;

    /// <summary>Records per country; the empty string stands for unknown.</summary>
    public IReadOnlyDictionary<string, long> Countries => _countries;

    /// <summary>Records per gender value as written; the empty string stands for none.</summary>
    public IReadOnlyDictionary<string, long> Genders => _genders;

    /// <summary>The distinct user ids in UTF-8, in the order they were first added.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Users => _usersInOrder;

    /// <summary>
    /// Empties these metrics for the window [<paramref name="windowStart"/>, <paramref name="windowEnd"/>), keeping the
    /// memory they had (with room for <paramref name="expectedUsers"/> ids): a job counts window after window in the same
    /// sets instead of a fresh set of large arrays each time.
    /// </summary>
    internal void Reset(DateTimeOffset windowStart, DateTimeOffset windowEnd, int expectedUsers)
    {
        WindowStart = windowStart;
        WindowEnd = windowEnd;
        Records = Male = Female = OtherGender = DeadLetters = 0;
        _countries.Clear();
        _genders.Clear();
        _users.Clear();
        _usersInOrder.Clear();
        _users.EnsureCapacity(expectedUsers);
        _usersInOrder.EnsureCapacity(expectedUsers);
    }

    /// <summary>Counts one good record.</summary>
    public void Add(string id, string? gender, string? country) =>
        Add(Encoding.UTF8.GetBytes(id), Encoding.UTF8.GetBytes(gender ?? string.Empty), Encoding.UTF8.GetBytes(country ?? string.Empty));

    /// <summary>
    /// Counts one good record from its UTF-8 text; an empty gender or country counts as none. The id is kept as given,
    /// so its memory must not change while these metrics are in use.
    /// </summary>
    public void Add(ReadOnlyMemory<byte> id, ReadOnlySpan<byte> gender, ReadOnlySpan<byte> country)
    {
        Records++;
        AddUser(id);
        // Ordinal case-insensitive: no letter outside ASCII folds to one of these.
        if (Ascii.EqualsIgnoreCase(gender, "male"u8))
        {
            Male++;
        }
        else if (Ascii.EqualsIgnoreCase(gender, "female"u8))
        {
            Female++;
        }
        else
        {
            OtherGender++;
        }
        Increment(_gendersByText, gender, 1);
        Increment(_countriesByText, country, 1);
    }

    /// <summary>Counts bad records.</summary>
    public void AddDeadLetters(long count) => DeadLetters += count;

    /// <summary>Adds a part's summary counts (as read back from a <c>window_summary</c> row).</summary>
    public void AddSummary(long records, long male, long female, long otherGender, long deadLetters)
    {
        Records += records;
        Male += male;
        Female += female;
        OtherGender += otherGender;
        DeadLetters += deadLetters;
    }

    /// <summary>Adds a count for a country (empty for unknown).</summary>
    public void AddCountry(string country, long count) => Increment(_countries, country, count);

    /// <summary>Adds a count for a gender value (empty for none).</summary>
    public void AddGender(string gender, long count) => Increment(_genders, gender, count);

    /// <summary>Adds a distinct user id.</summary>
    public void AddUser(string id) => AddUser(Encoding.UTF8.GetBytes(id));

    /// <summary>Adds everything <paramref name="other"/> counted into this window.</summary>
    public void Merge(WindowMetrics other)
    {
        AddSummary(other.Records, other.Male, other.Female, other.OtherGender, other.DeadLetters);
        foreach (var (country, count) in other._countries)
        {
            Increment(_countries, country, count);
        }
        foreach (var (gender, count) in other._genders)
        {
            Increment(_genders, gender, count);
        }
        foreach (var id in other._usersInOrder)
        {
            AddUser(id);
        }
    }

    private void AddUser(ReadOnlyMemory<byte> id)
    {
        if (_users.Add(id))
        {
            _usersInOrder.Add(id);
        }
    }

    // Counts are keyed by text: a UTF-8 key is turned into a string only the first time it is seen.
    private static void Increment(Dictionary<string, long>.AlternateLookup<ReadOnlySpan<byte>> counts, ReadOnlySpan<byte> key, long by)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += by;
    }

    private static void Increment(Dictionary<string, long> counts, string key, long by)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += by;
    }
}
