using System.Globalization;

namespace DisplacementDashboard.Core.Editing;

/// <summary>Allocates the next stable key in a series such as S001, S002 (sources) or E001 (events).</summary>
internal static class KeyAllocator
{
    /// <summary>One more than the highest number among keys of the form prefix + digits; other keys are ignored.</summary>
    public static string Next(IEnumerable<string> existing, char prefix)
    {
        var highest = existing
            .Select(k => k.Length > 1 && k[0] == prefix && int.TryParse(k.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        return prefix + (highest + 1).ToString("000", CultureInfo.InvariantCulture);
    }
}
