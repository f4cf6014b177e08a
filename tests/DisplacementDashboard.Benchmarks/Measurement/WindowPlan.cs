using System.Globalization;

namespace DisplacementDashboard.Benchmarks.Measurement;

/// <summary>
/// The requests of the cache-bound proof: distinct timeline windows, every one inside the dates the app accepts
/// (Editing:EarliestReferenceDate to today), with every tenth request a shelter snapshot string instead; and the
/// baseline's requests of the same shape for one window and one snapshot.
/// </summary>
public static class WindowPlan
{
    /// <summary>One request in <see cref="ShelterEvery"/> asks for a shelter snapshot.</summary>
    public const int ShelterEvery = 10;

    // Half of the windows start in the weeks the real record covers, so their models hold figures, not only empty days.
    private static readonly DateOnly DenseFrom = new(2023, 8, 1);
    private static readonly DateOnly DenseTo = new(2023, 11, 30);

    /// <summary>
    /// <paramref name="count"/> distinct windows with earliest &lt;= from &lt;= to &lt;= latest, the same for the same seed.
    /// </summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> DistinctWindows(int count, DateOnly earliest, DateOnly latest, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (latest < earliest)
        {
            throw new ArgumentException("The latest date is before the earliest.", nameof(latest));
        }

        long days = latest.DayNumber - earliest.DayNumber + 1;
        if (count > days * (days + 1) / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Only {days * (days + 1) / 2} distinct windows lie between {earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}.");
        }

        var random = new Random(seed);
        var seen = new HashSet<(DateOnly, DateOnly)>();
        var windows = new List<(DateOnly From, DateOnly To)>(count);
        void Add(DateOnly from, DateOnly to)
        {
            if (seen.Add((from, to)))
            {
                windows.Add((from, to));
            }
        }

        var denseStart = Max(earliest, DenseFrom);
        var denseEnd = Min(latest, DenseTo);
        for (var attempt = 0; windows.Count < count && attempt < count * 20; attempt++)
        {
            DateOnly from;
            int length;
            if (attempt % 2 == 0 && denseStart <= denseEnd)
            {
                from = denseStart.AddDays(random.Next(denseEnd.DayNumber - denseStart.DayNumber + 1));
                length = random.Next(121);
            }
            else
            {
                from = earliest.AddDays(random.Next((int)days));
                length = random.Next(latest.DayNumber - from.DayNumber + 1);
            }

            Add(from, Min(from.AddDays(length), latest));
        }

        // Asked for nearly every window the range holds: take the rest in order.
        for (var from = earliest; windows.Count < count && from <= latest; from = from.AddDays(1))
        {
            for (var to = from; windows.Count < count && to <= latest; to = to.AddDays(1))
            {
                Add(from, to);
            }
        }

        return windows;
    }

    /// <summary>
    /// <paramref name="count"/> distinct request addresses: timeline windows, and in every tenth place a shelter snapshot,
    /// taking turns between a published key and a made-up one that no report has (the app names it in a message).
    /// </summary>
    public static IReadOnlyList<string> DistinctRequests(int count, DateOnly earliest, DateOnly latest, IReadOnlyList<string> snapshotKeys, int seed)
    {
        ArgumentNullException.ThrowIfNull(snapshotKeys);
        var shelterSlots = Enumerable.Range(0, count).Count(IsShelterSlot);
        var windows = DistinctWindows(count - shelterSlots, earliest, latest, seed);
        var requests = new List<string>(count);
        var (w, s) = (0, 0);
        for (var i = 0; i < count; i++)
        {
            if (!IsShelterSlot(i))
            {
                requests.Add(Timeline(windows[w++]));
                continue;
            }

            // A made-up key looks like a real one (day, time, source id) with a source id no store has.
            var key = s % 2 == 0 && snapshotKeys.Count > 0
                ? snapshotKeys[s / 2 % snapshotKeys.Count]
                : string.Create(CultureInfo.InvariantCulture, $"{earliest.AddDays(s % 365):yyyy-MM-dd}T20:00~{1_000_000 + s}");
            requests.Add(Shelter(key));
            s++;
        }

        return requests;
    }

    /// <summary>The baseline: the same number of requests in the same places, all for one window and one snapshot.</summary>
    public static IReadOnlyList<string> RepeatedRequests(int count, (DateOnly From, DateOnly To) window, string? snapshotKey) =>
        Enumerable.Range(0, count).Select(i => IsShelterSlot(i) ? Shelter(snapshotKey) : Timeline(window)).ToList();

    public static string Timeline((DateOnly From, DateOnly To) window) =>
        string.Create(CultureInfo.InvariantCulture, $"/timeline?from={window.From:yyyy-MM-dd}&to={window.To:yyyy-MM-dd}");

    public static string Shelter(string? snapshotKey) =>
        snapshotKey is null ? "/shelter" : "/shelter?snapshot=" + Uri.EscapeDataString(snapshotKey);

    private static bool IsShelterSlot(int i) => i % ShelterEvery == ShelterEvery - 1;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
