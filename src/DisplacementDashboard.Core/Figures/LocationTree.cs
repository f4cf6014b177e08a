using DisplacementDashboard.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Figures;

/// <summary>
/// The places inside a place (Armenia &gt; marz &gt; community &gt; site), for filters: a reader who asks for Syunik
/// means Goris and Kornidzor too. The Locations table is small (a few hundred rows), so the tree is walked in memory.
/// </summary>
public static class LocationTree
{
    /// <summary><paramref name="code"/> and the codes of every place below it; just <paramref name="code"/> when it is unknown or has none.</summary>
    public static async Task<IReadOnlyList<string>> WithinAsync(DashboardDbContext db, string code, CancellationToken cancellationToken = default)
    {
        var places = await db.Locations.AsNoTracking()
            .Select(l => new { l.Code, Parent = l.Parent == null ? null : l.Parent.Code })
            .ToListAsync(cancellationToken);
        var children = places.Where(p => p.Parent is not null).ToLookup(p => p.Parent!, p => p.Code, StringComparer.Ordinal);
        var found = new List<string> { code };
        var seen = new HashSet<string>(StringComparer.Ordinal) { code };
        for (var i = 0; i < found.Count; i++)
        {
            foreach (var child in children[found[i]])
            {
                if (seen.Add(child))
                {
                    found.Add(child);
                }
            }
        }

        return found;
    }
}
